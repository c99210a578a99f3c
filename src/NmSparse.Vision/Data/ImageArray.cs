namespace NmSparse.Vision.Data;

/// <summary>Grey-scale images as unsigned bytes, image after image, each row after row.</summary>
/// <param name="Count">Number of images.</param>
/// <param name="Rows">Image height in pixels.</param>
/// <param name="Columns">Image width in pixels.</param>
/// <param name="Pixels">Count·Rows·Columns bytes.</param>
public sealed record ImageArray(int Count, int Rows, int Columns, byte[] Pixels)
{
    /// <summary>Bytes of one image.</summary>
    public int ImageSize => Rows * Columns;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * ImageSize, ImageSize);

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public ImageArray Select(IReadOnlyList<int> indices)
    {
        var pixels = new byte[indices.Count * ImageSize];
        for (int i = 0; i < indices.Count; i++) Image(indices[i]).CopyTo(pixels.AsSpan(i * ImageSize));
        return new ImageArray(indices.Count, Rows, Columns, pixels);
    }
}
