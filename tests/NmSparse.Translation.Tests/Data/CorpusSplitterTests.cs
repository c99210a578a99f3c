using NmSparse.Translation.Data;

namespace NmSparse.Translation.Tests.Data;

public class CorpusSplitterTests
{
    private static readonly Dictionary<string, (int Valid, int Test)> OneAndOne = new() { ["s"] = (1, 1) };

    [Fact]
    public void SplitByGroup_TwoHeldOutGroups_WholeGroupsLeaveTrain()
    {
        var candidates = new[]
        {
            Candidate("Alpha one is here.", "a", true), Candidate("Alpha two goes there.", "a", false),
            Candidate("Beta one is here.", "b", true), Candidate("Gamma one is here.", "c", true),
            Candidate("Delta one is here.", "d", true), Candidate("Extra training line.", "x", false),
        };
        var splits = CorpusSplitter.SplitByGroup(candidates, OneAndOne, seed: 7);
        Assert.Single(splits.Valid);
        Assert.Single(splits.Test);
        Assert.Equal(4, splits.Train.Count);
        Assert.Equal(0, splits.Dropped);
        Assert.Equal((0, 0, 0), splits.Overlap());
        var heldOut = splits.Valid.Concat(splits.Test).Select(p => p.En).ToHashSet();
        Assert.DoesNotContain(splits.Train, p => heldOut.Contains(p.En));
    }

    [Fact]
    public void SplitByGroup_PrefixSharedWithOtherGroup_NeverHeldOut()
    {
        var candidates = new[]
        {
            Candidate("This package contains the full docs.", "a", true),
            Candidate("This package contains the full data.", "b", true),
            Candidate("Unique sentence number one.", "c", true), Candidate("Unique sentence number two.", "d", true),
        };
        var splits = CorpusSplitter.SplitByGroup(candidates, OneAndOne, seed: 1);
        Assert.Equal(
            ["Unique sentence number one.", "Unique sentence number two."],
            splits.Valid.Concat(splits.Test).Select(p => p.En).Order());
        Assert.Equal(2, splits.Train.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SplitByGroup_GermanAlsoInAnotherGroup_NeverHeldOut(int seed)
    {
        var candidates = new[]
        {
            new CorpusCandidate(new SentencePair("Alpha one is here.", "Gemeinsames Deutsch hier."), "s", "a", true),
            new CorpusCandidate(new SentencePair("Other words entirely.", "gemeinsames Deutsch hier"), "s", "x", false),
            Candidate("Beta one is here.", "b", true), Candidate("Gamma one is here.", "c", true),
        };
        var splits = CorpusSplitter.SplitByGroup(candidates, OneAndOne, seed);
        Assert.Equal(["Beta one is here.", "Gamma one is here."], splits.Valid.Concat(splits.Test).Select(p => p.En).Order());
        Assert.Equal(["Alpha one is here.", "Other words entirely."], splits.Train.Select(p => p.En).Order());
        Assert.Equal((0, 0, 0), splits.Overlap());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void SplitByGroup_DingLineWithThreeAlternatives_AllInOneSplit(int seed)
    {
        var root = Directory.CreateTempSubdirectory("nmsparse-ding-test").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "usr/share/trans"));
            File.WriteAllText(Path.Combine(root, "usr/share/trans/de-en"),
                "Er kommt gleich wieder. | Sie geht jetzt weg. | Es regnet sehr stark. :: " +
                "He is coming back soon. | She is leaving now. | It is raining very hard.\n" +
                "Der Hund bellt sehr laut. :: The dog barks very loudly.\n" +
                "Die Katze schläft den ganzen Tag. :: The cat sleeps all day.\n" +
                "Wir gehen heute nach Hause. :: We are going home today.\n" +
                "Das Wetter ist heute schön. :: The weather is nice today.\n");
            var pool = new CandidatePool();
            DingSource.Collect(pool, new DebianPackage(DingSource.Package, "1", root));
            var quotas = new Dictionary<string, (int Valid, int Test)> { [DingSource.Name] = (2, 2) };
            var splits = CorpusSplitter.SplitByGroup(pool.Candidates, quotas, seed);
            var lineOne = new[] { "He is coming back soon.", "She is leaving now.", "It is raining very hard." };
            var inSplit = new[] { splits.Train, splits.Valid, splits.Test }
                .Select(split => split.Count(p => lineOne.Contains(p.En))).ToList();
            Assert.Single(inSplit, n => n > 0);
            Assert.Equal((2, 2), (splits.Valid.Count, splits.Test.Count));
            Assert.Equal(7, splits.Train.Count + splits.Valid.Count + splits.Test.Count + splits.Dropped);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void SplitByGroup_SameSeed_SameSplits()
    {
        var candidates = Enumerable.Range(0, 50).Select(i => Candidate($"Sentence {i} is here.", $"g{i}", true)).ToList();
        var quotas = new Dictionary<string, (int Valid, int Test)> { ["s"] = (5, 10) };
        var first = CorpusSplitter.SplitByGroup(candidates, quotas, seed: 3);
        var second = CorpusSplitter.SplitByGroup(candidates, quotas, seed: 3);
        Assert.Equal(first.Test, second.Test);
        Assert.Equal(first.Train, second.Train);
        Assert.Equal(35, first.Train.Count);
    }

    [Fact]
    public void SplitByGroup_TooFewCandidates_UserInputException()
    {
        var error = Assert.Throws<UserInputException>(() =>
            CorpusSplitter.SplitByGroup([Candidate("Only one here.", "a", true)], OneAndOne, seed: 1));
        Assert.Equal("source 's' has too few held-out candidates: 0 valid and 1 test pairs missing", error.Message);
    }

    [Fact]
    public void SplitRandom_TenPairs_ExactSizesAndPartition()
    {
        var pairs = Enumerable.Range(0, 10).Select(i => new SentencePair($"en {i}", $"de {i}")).ToList();
        var splits = CorpusSplitter.SplitRandom(pairs, validCount: 2, testCount: 3, seed: 5);
        Assert.Equal((5, 2, 3), (splits.Train.Count, splits.Valid.Count, splits.Test.Count));
        Assert.Equal(pairs.Order(Comparer<SentencePair>.Create((a, b) => string.CompareOrdinal(a.En, b.En))),
            splits.Train.Concat(splits.Valid).Concat(splits.Test).OrderBy(p => p.En, StringComparer.Ordinal));
    }

    [Fact]
    public void SplitRandom_HeldOutGermanAlsoInTrain_Dropped()
    {
        var pairs = Enumerable.Range(0, 10).Select(i => new SentencePair($"en {i}", i % 2 == 0 ? "gleich" : "Gleich!"))
            .ToList();
        var splits = CorpusSplitter.SplitRandom(pairs, validCount: 2, testCount: 3, seed: 5);
        Assert.Equal((5, 0, 0, 5), (splits.Train.Count, splits.Valid.Count, splits.Test.Count, splits.Dropped));
    }

    [Fact]
    public void Add_DuplicateEnglishAndFilteredPair_KeptOnce()
    {
        var pool = new CandidatePool();
        Assert.True(pool.Add(new SentencePair("Open the  file.", "Öffne die Datei."), "s", "g", false));
        Assert.False(pool.Add(new SentencePair("open the file", "Datei öffnen bitte"), "t", "h", false));
        Assert.False(pool.Add(new SentencePair("Too short", "Zu kurz"), "s", "g", false));
        Assert.Equal("Open the file.", pool.Candidates.Single().Pair.En);
        Assert.Equal(1, pool.PerSource["s"]);
    }

    private static CorpusCandidate Candidate(string en, string group, bool eligible) =>
        new(new SentencePair(en, "Deutsch " + en), "s", group, eligible);
}
