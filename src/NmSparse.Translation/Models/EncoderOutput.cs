using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// What <see cref="Seq2SeqTransformer.Encode"/> returns: the memory [B, S, D] and the source mask [B, 1, 1, S]
/// (boolean, true at real tokens, already shaped to broadcast over heads and query positions).
/// </summary>
public sealed record EncoderOutput(Tensor Memory, Tensor SourceMask)
{
    /// <summary>
    /// The rows <paramref name="rows"/> (long [N]) of both tensors, e.g. each sentence repeated per beam.
    /// </summary>
    public EncoderOutput SelectRows(Tensor rows) => new(Memory.index_select(0, rows), SourceMask.index_select(0, rows));
}
