using System.Globalization;

namespace NmSparse.Vision.Data;

/// <summary>
/// A Fashion-MNIST data folder loaded for training: the training images minus the valid split, the valid split
/// (valid-indices.txt) and the 10,000 test images, all 28×28 with labels in [0, 10).
/// </summary>
public sealed record FashionMnistData(LabeledImages Train, LabeledImages Valid, LabeledImages Test)
{
    /// <summary>Loads <paramref name="directory"/>; a missing or malformed file is a one-line error naming it.</summary>
    public static FashionMnistData Load(string directory)
    {
        var paths = new FashionMnistPaths(directory);
        foreach (var file in FileNames.Select(paths.File).Append(paths.ValidIndices))
        {
            if (!File.Exists(file))
                throw new UserInputException(
                    $"{file} not found; build the data first: nmsparse data --task fashion-mnist --out {directory}");
        }
        var all = ReadSplit("train", paths.File(FashionMnistPins.TrainImages), paths.File(FashionMnistPins.TrainLabels));
        var test = ReadSplit("test", paths.File(FashionMnistPins.TestImages), paths.File(FashionMnistPins.TestLabels));
        if (test.Images.Rows != all.Images.Rows || test.Images.Columns != all.Images.Columns)
            throw new UserInputException($"{paths.File(FashionMnistPins.TestImages)}: images are " +
                $"{test.Images.Rows}×{test.Images.Columns}, the training images {all.Images.Rows}×{all.Images.Columns}");
        var valid = ReadIndices(paths.ValidIndices, all.Count);
        var held = valid.ToHashSet();
        var train = Enumerable.Range(0, all.Count).Where(i => !held.Contains(i)).ToArray();
        return new FashionMnistData(all.Select("train", train), all.Select("valid", valid), test);
    }

    /// <summary>Reads one split from its image and label IDX files; their counts must agree.</summary>
    public static LabeledImages ReadSplit(string name, string imagesPath, string labelsPath)
    {
        var images = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath, FashionMnistBuilder.Classes);
        if (labels.Length != images.Count)
            throw new UserInputException($"{labelsPath}: {labels.Length} labels for {images.Count} images in {imagesPath}");
        return new LabeledImages(name, images, labels);
    }

    private static IEnumerable<string> FileNames =>
    [
        FashionMnistPins.TrainImages, FashionMnistPins.TrainLabels, FashionMnistPins.TestImages,
        FashionMnistPins.TestLabels,
    ];

    private static int[] ReadIndices(string path, int trainCount)
    {
        var lines = File.ReadAllLines(path);
        var indices = new int[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            if (!int.TryParse(lines[i], NumberStyles.None, CultureInfo.InvariantCulture, out indices[i])
                || indices[i] >= trainCount || (i > 0 && indices[i] <= indices[i - 1]))
                throw new UserInputException($"{path}:{i + 1}: '{lines[i]}' is not an ascending training-image " +
                    $"index below {trainCount}");
        }
        if (indices.Length == 0 || indices.Length == trainCount)
            throw new UserInputException($"{path}: {indices.Length} valid images of {trainCount} leave no valid or " +
                "no training split");
        return indices;
    }
}
