using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// One decoder layer's cached attention inputs: self-attention keys/values preallocated for the whole decode
/// ([B, H, capacity, D/H], filled one position per step, so no per-step concatenation) and the cross-attention
/// keys/values of the encoder memory, projected once.
/// </summary>
internal sealed class DecoderLayerCache : IDisposable
{
    public DecoderLayerCache(Tensor selfKeys, Tensor selfValues, Tensor crossKeys, Tensor crossValues)
    {
        // The cache outlives the per-step dispose scopes of the decoding loop, so it owns its tensors.
        SelfKeys = selfKeys.DetachFromDisposeScope();
        SelfValues = selfValues.DetachFromDisposeScope();
        CrossKeys = crossKeys.DetachFromDisposeScope();
        CrossValues = crossValues.DetachFromDisposeScope();
    }

    public Tensor SelfKeys { get; private set; }
    public Tensor SelfValues { get; private set; }
    public Tensor CrossKeys { get; private set; }
    public Tensor CrossValues { get; private set; }

    /// <summary>Stores this step's projected key/value [B, H, 1, D/H] at <paramref name="position"/>.</summary>
    public void Write(int position, Tensor keys, Tensor values)
    {
        SelfKeys.narrow(2, position, 1).copy_(keys);
        SelfValues.narrow(2, position, 1).copy_(values);
    }

    /// <summary>Keys and values of positions [0, length) as views.</summary>
    public (Tensor Keys, Tensor Values) Prefix(int length) =>
        (SelfKeys.narrow(2, 0, length), SelfValues.narrow(2, 0, length));

    /// <summary>
    /// Reorders the batch rows of the self-attention cache in place (see <see cref="DecoderCache.Reorder"/>).
    /// </summary>
    public void Reorder(Tensor rows, int length)
    {
        using var scope = NewDisposeScope();
        var (keys, values) = Prefix(length);
        keys.copy_(keys.index_select(0, rows));
        values.copy_(values.index_select(0, rows));
    }

    /// <summary>
    /// Keeps batch rows <paramref name="rows"/> of every tensor (see <see cref="DecoderCache.Keep"/>); of the
    /// self-attention cache only the <paramref name="length"/> positions written so far are copied.
    /// </summary>
    public void Keep(Tensor rows, int length)
    {
        SelfKeys = KeepRows(SelfKeys, rows, length);
        SelfValues = KeepRows(SelfValues, rows, length);
        CrossKeys = KeepRows(CrossKeys, rows, (int)CrossKeys.shape[2]);
        CrossValues = KeepRows(CrossValues, rows, (int)CrossValues.shape[2]);
    }

    /// <summary>A new [rows, H, S, D/H] tensor holding positions [0, length) of the rows; disposes the old.</summary>
    private static Tensor KeepRows(Tensor cache, Tensor rows, int length)
    {
        using var scope = NewDisposeScope();
        long[] shape = cache.shape;
        shape[0] = rows.shape[0];
        var kept = empty(shape, cache.dtype, cache.device);
        if (length > 0) kept.narrow(2, 0, length).copy_(cache.narrow(2, 0, length).index_select(0, rows));
        cache.Dispose();
        return kept.DetachFromDisposeScope();
    }

    public void Dispose()
    {
        SelfKeys.Dispose();
        SelfValues.Dispose();
        CrossKeys.Dispose();
        CrossValues.Dispose();
    }
}
