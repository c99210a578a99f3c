using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// State for incremental decoding with <see cref="Seq2SeqTransformer.DecodeStep"/>: per-layer self-attention
/// keys/values of the tokens fed so far, the cross-attention keys/values of the encoder memory (computed once) and
/// the source padding mask. Create it with <see cref="Seq2SeqTransformer.CreateCache"/>; it owns its tensors.
/// </summary>
public sealed class DecoderCache : IDisposable
{
    private readonly IReadOnlyList<DecoderLayerCache> _layers;
    private Tensor _memoryMask;

    internal DecoderCache(IReadOnlyList<DecoderLayerCache> layers, Tensor memoryMask, int capacity)
    {
        _layers = layers;
        // An alias: the caller keeps (and disposes) its own handle to the mask.
        _memoryMask = memoryMask.alias().DetachFromDisposeScope();
        Capacity = capacity;
    }

    /// <summary>
    /// How many decoder input tokens (BOS included) have been fed; the next token goes to this position.
    /// </summary>
    public int Position { get; private set; }

    /// <summary>Most tokens this cache can hold.</summary>
    public int Capacity { get; }

    internal DecoderLayerCache Layer(int index) => _layers[index];

    /// <summary>Cross-attention mask [B, 1, 1, S], true at real source tokens.</summary>
    internal Tensor MemoryMask => _memoryMask;

    internal void Advance()
    {
        if (Position >= Capacity) throw new InvalidOperationException($"decoder cache is full ({Capacity} tokens)");
        Position++;
    }

    /// <summary>
    /// Makes row i continue the hypothesis that was in row <paramref name="rows"/>[i] (beam search). Only the
    /// self-attention cache moves: the cross-attention keys/values and the mask stay, so <paramref name="rows"/>
    /// must map every row to a row of the same source sentence (e.g. a beam of the same sentence).
    /// </summary>
    public void Reorder(Tensor rows)
    {
        if (Position == 0) return;
        foreach (var layer in _layers) layer.Reorder(rows, Position);
    }

    /// <summary>
    /// Keeps only batch rows <paramref name="rows"/> (long indices, on the cache's device) of every cached tensor,
    /// the cross-attention keys/values and mask included: later steps feed just those rows, in that order (greedy
    /// decoding drops finished sentences this way).
    /// </summary>
    public void Keep(Tensor rows)
    {
        foreach (var layer in _layers) layer.Keep(rows, Position);
        var mask = _memoryMask.index_select(0, rows).DetachFromDisposeScope();
        _memoryMask.Dispose();
        _memoryMask = mask;
    }

    public void Dispose()
    {
        foreach (var layer in _layers) layer.Dispose();
        _memoryMask.Dispose();
    }
}
