using System.Text.Json;
using NmSparse.Translation.Data;
using NmSparse.Translation.IO;
using NmSparse.Vision.Data;

namespace NmSparse.Vision.Tests.Data;

/// <summary>The build from an offline Debian cache: the package is already "downloaded" and unpacked.</summary>
public class FashionMnistBuilderTests : IDisposable
{
    private const string Version = "1.0-1";
    private readonly TinyFashion _source = new();

    public void Dispose() => _source.Dispose();

    private string Cache => Path.Combine(_source.Root, "cache");

    private string Output => Path.Combine(_source.Root, "out");

    /// <summary>Lays the tiny files out as DebianArchive keeps an unpacked package; returns pins that match them.</summary>
    private FashionMnistPins FakePackage()
    {
        string stem = $"dataset-fashion-mnist_{Version}_all";
        Directory.CreateDirectory(Path.Combine(Cache, "debs"));
        File.WriteAllBytes(Path.Combine(Cache, "debs", stem + ".deb"), []);
        string target = Path.Combine(Cache, "extracted", stem, FashionMnistPins.Bookworm.Directory);
        Directory.CreateDirectory(target);
        var sums = new Dictionary<string, string>();
        foreach (var name in FashionMnistPins.Bookworm.Files.Keys)
        {
            File.Copy(Path.Combine(_source.Data, name), Path.Combine(target, name));
            sums[name] = AtomicFile.Sha256(Path.Combine(target, name));
        }
        return FashionMnistPins.Bookworm with { Package = new PinnedPackage("dataset-fashion-mnist", Version), Files = sums };
    }

    private FashionMnistBuilder Builder(FashionMnistPins pins, List<string>? log = null) =>
        new(new FashionMnistBuildOptions(Output, Cache, Seed: 3, ValidImages: 20) { Pins = pins },
            line => log?.Add(line));

    [Fact]
    public void Build_PinnedPackage_WritesFilesSplitAndManifest()
    {
        var pins = FakePackage();

        var data = Builder(pins).Build();

        Assert.Equal((40, 20, 20), (data.Train.Count, data.Valid.Count, data.Test.Count));
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(2, data.Valid.Labels.Count(l => l == c)));
        foreach (var (name, sum) in pins.Files) Assert.Equal(sum, AtomicFile.Sha256(Path.Combine(Output, name)));
        var indices = File.ReadAllLines(Path.Combine(Output, "valid-indices.txt")).Select(int.Parse).ToArray();
        Assert.Equal(StratifiedSplit.Choose(IdxReader.ReadLabels(Path.Combine(_source.Data,
            FashionMnistPins.TrainLabels), 10), 20, 10, 3), indices);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "manifest.json")));
        Assert.Equal(Version, manifest.RootElement.GetProperty("Version").GetString());
        Assert.Equal(40, manifest.RootElement.GetProperty("TrainImages").GetInt32());
        Assert.Equal(3, manifest.RootElement.GetProperty("Seed").GetInt32());
    }

    [Fact]
    public void Build_FileWithOtherChecksum_NamesFileAndBothChecksums()
    {
        var pins = FakePackage();
        var wrong = new Dictionary<string, string>(pins.Files) { [FashionMnistPins.TestLabels] = new string('0', 64) };
        string file = Path.Combine(Cache, "extracted", $"dataset-fashion-mnist_{Version}_all", pins.Directory,
            FashionMnistPins.TestLabels);

        var e = Assert.Throws<UserInputException>(() => Builder(pins with { Files = wrong }).Build());

        Assert.Equal($"{file}: sha256 {pins.Files[FashionMnistPins.TestLabels]}, pinned {new string('0', 64)} " +
            "(FashionMnistPins)", e.Message);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void Bookworm_PinsTheDebianPackageAndFourFiles()
    {
        Assert.Equal("dataset-fashion-mnist=0.0~git20200523.55506a9-1", FashionMnistPins.Bookworm.Package.AptSpec);
        Assert.Equal("b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
            FashionMnistPins.Bookworm.Files[FashionMnistPins.TrainImages]);
        Assert.Equal(4, FashionMnistPins.Bookworm.Files.Count);
    }
}
