namespace NmSparse.Vision.Data;

/// <summary>
/// Maps a pixel byte p to the model's input (p/255 − mean)/std, with mean and standard deviation of p/255 over
/// the training split (Fashion-MNIST: 0.286 and 0.353), so every split is scaled the same way.
/// </summary>
public sealed record PixelScale(double Mean, double Std)
{
    /// <summary>Mean and standard deviation of the pixels of <paramref name="images"/> (exact, in double).</summary>
    public static PixelScale Of(ImageArray images)
    {
        var counts = new long[256];
        foreach (byte p in images.Pixels) counts[p]++;
        double n = images.Pixels.Length, sum = 0, squares = 0;
        for (int v = 0; v < 256; v++)
        {
            sum += counts[v] * (v / 255.0);
            squares += counts[v] * (v / 255.0) * (v / 255.0);
        }
        double mean = sum / n;
        double std = Math.Sqrt(Math.Max(squares / n - mean * mean, 0));
        return new PixelScale(mean, std > 0 ? std : 1);
    }

    /// <summary>The input value of every byte value, as float32.</summary>
    public float[] Table()
    {
        var table = new float[256];
        for (int v = 0; v < 256; v++) table[v] = (float)((v / 255.0 - Mean) / Std);
        return table;
    }
}
