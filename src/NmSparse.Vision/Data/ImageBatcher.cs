using static TorchSharp.torch;

namespace NmSparse.Vision.Data;

/// <summary>
/// Training batches of a labelled image split: each epoch a permutation of the images seeded by (seed, epoch), cut
/// into full batches (the last partial batch is left out); with augmentation, every image of step k is shifted by
/// a random crop of the image padded by 2 black pixels on each side (offsets −2..2 in both directions) and
/// flipped left-right with probability ½, both drawn from a generator seeded by (seed, step). The batch of any step
/// is a pure function of the step, which makes --resume reproduce an uninterrupted run exactly.
/// </summary>
public sealed class ImageBatcher
{
    /// <summary>Pixels of zero padding around the image before the random crop.</summary>
    public const int Padding = 2;

    private readonly LabeledImages _split;
    private readonly int _batchSize;
    private readonly int _seed;
    private readonly bool _augment;
    private readonly float[] _scale;
    private int[]? _order;
    private long _orderEpoch = -1;

    public ImageBatcher(LabeledImages split, int batchSize, int seed, bool augment, PixelScale scale)
    {
        if (batchSize < 1 || batchSize > split.Count)
            throw new UserInputException($"training option 'batch_size' {batchSize} must be in [1, {split.Count}] " +
                $"(images of the {split.Name} split)");
        _split = split;
        _batchSize = batchSize;
        _seed = seed;
        _augment = augment;
        _scale = scale.Table();
    }

    public int BatchesPerEpoch => _split.Count / _batchSize;

    public int BatchSize => _batchSize;

    /// <summary>Indices (into the split) of the images that step <paramref name="step"/> (from 0) trains on.</summary>
    public int[] IndicesForStep(long step)
    {
        long epoch = step / BatchesPerEpoch;
        if (epoch != _orderEpoch)
        {
            _order = Enumerable.Range(0, _split.Count).ToArray();
            new Random(unchecked(_seed * 1_000_003 + (int)epoch)).Shuffle(_order);
            _orderEpoch = epoch;
        }
        return _order.AsSpan((int)(step % BatchesPerEpoch) * _batchSize, _batchSize).ToArray();
    }

    /// <summary>The (augmented) images [B, 1, H, W] and labels [B] of step <paramref name="step"/>.</summary>
    public (Tensor Images, Tensor Labels) ForStep(long step, Device device)
    {
        var indices = IndicesForStep(step);
        var random = _augment ? new Random(unchecked((int)(_seed * 0x9E3779B1L ^ (step * 0x85EBCA6BL)))) : null;
        var images = _split.Images;
        var pixels = new float[indices.Length * images.ImageSize];
        for (int i = 0; i < indices.Length; i++)
        {
            var target = pixels.AsSpan(i * images.ImageSize, images.ImageSize);
            if (random is null)
            {
                Scale(images.Image(indices[i]), target, _scale);
                continue;
            }
            int dy = random.Next(2 * Padding + 1) - Padding, dx = random.Next(2 * Padding + 1) - Padding;
            bool flip = random.Next(2) == 1;
            Augment(images.Image(indices[i]), target, images.Rows, images.Columns, dy, dx, flip, _scale);
        }
        return (ToTensor(pixels, indices.Length, images, device),
            tensor(indices.Select(i => (long)_split.Labels[i]).ToArray(), device: device));
    }

    /// <summary>Every image of <paramref name="split"/> in order, in batches of <paramref name="batchSize"/>, unaugmented.</summary>
    public static IEnumerable<(Tensor Images, Tensor Labels)> InOrder(LabeledImages split, int batchSize,
        PixelScale scale, Device device)
    {
        var table = scale.Table();
        var images = split.Images;
        for (int start = 0; start < split.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, split.Count - start);
            var pixels = new float[count * images.ImageSize];
            for (int i = 0; i < count; i++)
                Scale(images.Image(start + i), pixels.AsSpan(i * images.ImageSize, images.ImageSize), table);
            yield return (ToTensor(pixels, count, images, device),
                tensor(split.Labels.AsSpan(start, count).ToArray().Select(l => (long)l).ToArray(), device: device));
        }
    }

    /// <summary>
    /// Writes the image shifted by (<paramref name="dy"/>, <paramref name="dx"/>) — output pixel (r, c) is source
    /// pixel (r + dy, c + dx), black outside — and mirrored left-right first when <paramref name="flip"/>.
    /// </summary>
    public static void Augment(ReadOnlySpan<byte> source, Span<float> target, int rows, int columns, int dy, int dx,
        bool flip, float[] scale)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                int sr = r + dy, sc = c + dx;
                bool inside = sr >= 0 && sr < rows && sc >= 0 && sc < columns;
                int column = flip ? columns - 1 - sc : sc;
                target[r * columns + c] = scale[inside ? source[sr * columns + column] : 0];
            }
        }
    }

    private static void Scale(ReadOnlySpan<byte> source, Span<float> target, float[] scale)
    {
        for (int i = 0; i < source.Length; i++) target[i] = scale[source[i]];
    }

    private static Tensor ToTensor(float[] pixels, int count, ImageArray images, Device device) =>
        tensor(pixels, [count, 1, images.Rows, images.Columns], device: device);
}
