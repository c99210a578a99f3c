using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// Shared skeleton of the decoders: sources are sorted by length and cut into batches by
/// <see cref="DecodeBatcher"/>; a subclass decodes one padded batch with per-sentence length limits.
/// </summary>
public abstract class BatchedDecoder : ISequenceDecoder
{
    protected BatchedDecoder(Seq2SeqTransformer model, DecodingOptions? options)
    {
        Model = model;
        Options = options ?? new DecodingOptions();
        Options.Validate();
    }

    protected Seq2SeqTransformer Model { get; }

    protected DecodingOptions Options { get; }

    /// <inheritdoc />
    public IReadOnlyList<int[]> Decode(IReadOnlyList<IReadOnlyList<int>> sources) =>
        DecodeBatcher.Run(Model, Options, sources, DecodeBatch);

    /// <summary>Decodes source ids [B, S] (trailing pads) into at most limits[b] tokens per row.</summary>
    protected abstract IReadOnlyList<int[]> DecodeBatch(Tensor source, int[] limits);
}
