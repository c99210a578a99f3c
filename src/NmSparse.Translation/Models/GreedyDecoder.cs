using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// Batched greedy (arg-max) decoding with a key/value cache: each step feeds only the newest token, the decoder's
/// self-attention reads the cached keys/values of earlier positions and cross-attention reads the memory's keys/values
/// projected once per batch. The only host sync per step is the "all finished?" check.
/// </summary>
public sealed class GreedyDecoder : BatchedDecoder
{
    /// <summary>
    /// Decodes with <paramref name="model"/> (whatever device it is on) using <paramref name="options"/>.
    /// </summary>
    public GreedyDecoder(Seq2SeqTransformer model, DecodingOptions? options = null) : base(model, options)
    {
    }

    /// <inheritdoc />
    protected override IReadOnlyList<int[]> DecodeBatch(Tensor source, int[] limits)
    {
        var config = Model.Config;
        int steps = limits.Max();
        long batch = source.shape[0];
        var device = source.device;
        var limit = tensor(limits, device: device);
        var finished = zeros(batch, ScalarType.Bool, device);
        // Positions after a row finishes stay EOS, so trimming at the first EOS recovers every row.
        var output = full(batch, steps, config.EosId, ScalarType.Int64, device);
        var tokens = full(batch, config.BosId, ScalarType.Int64, device);
        using var cache = Model.CreateCache(Model.Encode(source), steps);
        for (int t = 0; t < steps; t++)
        {
            using var scope = NewDisposeScope();
            var logits = Model.DecodeStep(tokens, cache);
            finished.logical_or_(limit.le(t));
            var next = logits.argmax(-1).masked_fill(finished, config.EosId);
            output.select(1, t).copy_(next);
            finished.logical_or_(next.eq(config.EosId));
            if (finished.all().item<bool>()) break;
            tokens.copy_(next);
        }
        return DecodeBatcher.TrimAtEos(output, config.EosId);
    }
}
