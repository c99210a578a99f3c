using System.Globalization;
using NmSparse.Vision.Data;

namespace NmSparse.Vision.Tests.Data;

/// <summary>
/// A Fashion-MNIST data folder in miniature, in a temporary directory: 60 training images (6 of each class, label
/// = index mod 10), 20 test images, all 28×28 with pixels from a seeded generator, and a valid split of the
/// first training image of each class (indices 0..9).
/// </summary>
internal sealed class TinyFashion : IDisposable
{
    public const int TrainImages = 60, TestImages = 20, ValidImages = 10;

    public TinyFashion()
    {
        Root = Path.Combine(Path.GetTempPath(), "nmsparse-vision-" + Guid.NewGuid().ToString("N"));
        Data = Path.Combine(Root, "data");
        Directory.CreateDirectory(Data);
        var random = new Random(7);
        WriteSplit(FashionMnistPins.TrainImages, FashionMnistPins.TrainLabels, TrainImages, random);
        WriteSplit(FashionMnistPins.TestImages, FashionMnistPins.TestLabels, TestImages, random);
        File.WriteAllLines(Path.Combine(Data, "valid-indices.txt"),
            Enumerable.Range(0, ValidImages).Select(i => i.ToString(CultureInfo.InvariantCulture)));
    }

    public string Root { get; }

    /// <summary>The data folder.</summary>
    public string Data { get; }

    public string RunPath(string name) => Path.Combine(Root, "runs", name);

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    private void WriteSplit(string images, string labels, int count, Random random)
    {
        var pixels = new byte[count * 28 * 28];
        random.NextBytes(pixels);
        IdxWriter.Write(Path.Combine(Data, images), IdxReader.ImagesMagic, [count, 28, 28], pixels);
        IdxWriter.Write(Path.Combine(Data, labels), IdxReader.LabelsMagic, [count],
            Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray());
    }
}
