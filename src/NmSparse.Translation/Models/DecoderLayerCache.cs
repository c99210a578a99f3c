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

    public Tensor SelfKeys { get; }
    public Tensor SelfValues { get; }
    public Tensor CrossKeys { get; }
    public Tensor CrossValues { get; }

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

    public void Dispose()
    {
        SelfKeys.Dispose();
        SelfValues.Dispose();
        CrossKeys.Dispose();
        CrossValues.Dispose();
    }
}
