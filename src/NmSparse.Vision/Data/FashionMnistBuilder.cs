using System.Globalization;
using System.Text.Json;
using NmSparse.Translation.Data;
using NmSparse.Translation.IO;

namespace NmSparse.Vision.Data;

/// <summary>
/// Builds the Fashion-MNIST data folder: fetches the pinned Debian package into the download cache with
/// <see cref="DebianArchive"/> (<c>apt-get download</c> + <c>dpkg-deb -x</c>, nothing installed), checks the
/// SHA-256 of its four gzip IDX files, reads them (every header check of <see cref="IdxReader"/>), and writes
/// them with the valid split (<see cref="StratifiedSplit"/>: 500 training images of each class) and a manifest.
/// </summary>
public sealed class FashionMnistBuilder
{
    /// <summary>Image side and number of classes of Fashion-MNIST.</summary>
    public const int Side = 28, Classes = 10;

    private readonly FashionMnistBuildOptions _options;
    private readonly Action<string> _log;

    public FashionMnistBuilder(FashionMnistBuildOptions options, Action<string> log)
    {
        _options = options;
        _log = log;
    }

    /// <summary>Builds the folder and returns its data as it will be loaded for training.</summary>
    public FashionMnistData Build()
    {
        var pins = _options.Pins;
        _log($"fetching {pins.Package.AptSpec} into {_options.CacheDirectory}");
        var archive = new DebianArchive(_options.CacheDirectory, _log, _options.Strict);
        var package = archive.Fetch([pins.Package])[0];
        var source = Path.Combine(package.Root, pins.Directory);
        foreach (var (name, pinned) in pins.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            string path = Path.Combine(source, name);
            if (!File.Exists(path)) throw new UserInputException($"{path}: missing from {package.Name} {package.Version}");
            string found = AtomicFile.Sha256(path);
            if (found != pinned)
                throw new UserInputException($"{path}: sha256 {found}, pinned {pinned} (FashionMnistPins)");
        }
        var train = FashionMnistData.ReadSplit("train", Path.Combine(source, FashionMnistPins.TrainImages),
            Path.Combine(source, FashionMnistPins.TrainLabels));
        var test = FashionMnistData.ReadSplit("test", Path.Combine(source, FashionMnistPins.TestImages),
            Path.Combine(source, FashionMnistPins.TestLabels));
        var valid = StratifiedSplit.Choose(train.Labels, _options.ValidImages, Classes, _options.Seed);

        var paths = new FashionMnistPaths(_options.OutputDirectory);
        Directory.CreateDirectory(paths.Directory);
        foreach (var name in pins.Files.Keys.Order(StringComparer.Ordinal))
            AtomicFile.WriteAllBytes(paths.File(name), File.ReadAllBytes(Path.Combine(source, name)));
        AtomicFile.WriteLines(paths.ValidIndices, valid.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var manifest = new FashionMnistManifest(package.Name, package.Version, pins.Files, _options.Seed,
            valid.Length, train.Count - valid.Length, test.Count, AtomicFile.Sha256(paths.ValidIndices));
        AtomicFile.WriteText(paths.Manifest,
            JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
        _log($"wrote {paths.Directory}: {manifest.TrainImages} train / {manifest.ValidImages} valid / " +
            $"{manifest.TestImages} test images ({package.Name} {package.Version})");
        return FashionMnistData.Load(paths.Directory);
    }
}
