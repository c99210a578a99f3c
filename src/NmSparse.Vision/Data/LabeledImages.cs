namespace NmSparse.Vision.Data;

/// <summary>A split of an image-classification data set: the images and one label (class index) per image.</summary>
public sealed record LabeledImages(string Name, ImageArray Images, byte[] Labels)
{
    public int Count => Labels.Length;

    /// <summary>The images and labels at <paramref name="indices"/>, in that order, named <paramref name="name"/>.</summary>
    public LabeledImages Select(string name, IReadOnlyList<int> indices) =>
        new(name, Images.Select(indices), indices.Select(i => Labels[i]).ToArray());
}
