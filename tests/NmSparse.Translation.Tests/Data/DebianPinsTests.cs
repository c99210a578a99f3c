using NmSparse.Translation.Data;

namespace NmSparse.Translation.Tests.Data;

public class DebianPinsTests
{
    [Fact]
    public void Bookworm_PinnedList_FiftyGettextPackagesNoDuplicatesThreeIndexes()
    {
        var pins = DebianPins.Bookworm;
        Assert.Equal(50, pins.Gettext.Count);
        Assert.Equal(53, pins.CorpusPackages.Select(p => p.Name).Distinct().Count());
        Assert.Equal("trans-de-en=1.9-6", pins.CorpusPackages[0].AptSpec);
        Assert.Equal(["sentencepiece", "libsentencepiece0"], pins.Tools.Select(p => p.Name));
        Assert.Equal(
            [DescriptionSource.PackagesIndex, DescriptionSource.GermanIndex, DescriptionSource.EnglishIndex],
            pins.Indexes.Keys.Order(StringComparer.Ordinal));
        Assert.All(pins.Indexes.Values, sha => Assert.Matches("^[0-9a-f]{64}$", sha));
    }

    [Fact]
    public void Fingerprint_OneVersionChanged_Differs()
    {
        var pins = DebianPins.Bookworm;
        var changed = pins with { Ding = pins.Ding with { Version = "1.9-7" } };
        Assert.Equal(pins.Fingerprint(), (pins with { }).Fingerprint());
        Assert.NotEqual(pins.Fingerprint(), changed.Fingerprint());
    }
}
