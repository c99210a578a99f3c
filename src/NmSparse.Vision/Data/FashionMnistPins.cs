using NmSparse.Translation.Data;

namespace NmSparse.Vision.Data;

/// <summary>
/// The Debian package Fashion-MNIST is read from, at its exact version, and the SHA-256 of each of its four gzip IDX
/// files (the compressed bytes as shipped). A file with another checksum is an error, whatever version served it.
/// </summary>
/// <param name="Package">The package (Debian's <c>dataset-fashion-mnist</c>).</param>
/// <param name="Directory">Where the package keeps the files, relative to its root.</param>
/// <param name="Files">File name → SHA-256 of the file.</param>
public sealed record FashionMnistPins(PinnedPackage Package, string Directory, IReadOnlyDictionary<string, string> Files)
{
    public const string TrainImages = "train-images-idx3-ubyte.gz";
    public const string TrainLabels = "train-labels-idx1-ubyte.gz";
    public const string TestImages = "t10k-images-idx3-ubyte.gz";
    public const string TestLabels = "t10k-labels-idx1-ubyte.gz";

    /// <summary>Debian 12 (bookworm) main: 60,000 training and 10,000 test images of 28×28, 30.9 MB.</summary>
    public static FashionMnistPins Bookworm { get; } = new(
        new PinnedPackage("dataset-fashion-mnist", "0.0~git20200523.55506a9-1"),
        "usr/share/datasets/fashion-mnist",
        new Dictionary<string, string>
        {
            [TrainImages] = "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
            [TrainLabels] = "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
            [TestImages] = "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
            [TestLabels] = "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
        });
}
