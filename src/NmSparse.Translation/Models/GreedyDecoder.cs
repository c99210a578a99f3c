using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// Batched greedy (arg-max) decoding with a key/value cache: each step feeds only the newest token, the decoder's
/// self-attention reads the cached keys/values of earlier positions and cross-attention reads the memory's keys/values
/// projected once per batch. Each step's arg-max comes to the host (one sync per step); when a quarter of the rows
/// still decoded have finished (EOS or their length limit), they leave the batch and its cache
/// (<see cref="DecoderCache.Keep"/>), so late steps compute only the sentences still open. Rows are independent, so
/// this changes no output.
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
        var device = source.device;
        var outputs = limits.Select(_ => new List<int>()).ToArray();
        // Cache row i decodes batch row rows[i]; feed[i] is its next input token (EOS once it has finished).
        int[] rows = Enumerable.Range(0, limits.Length).ToArray();
        long[] feed = rows.Select(_ => (long)config.BosId).ToArray();
        bool[] finished = new bool[rows.Length];
        using var cache = Model.CreateCache(Model.Encode(source), steps);
        for (int t = 0; t < steps; t++)
        {
            using var scope = NewDisposeScope();
            long[] ids = Model.NextTokens(tensor(feed, device: device), cache);
            int open = 0;
            for (int i = 0; i < rows.Length; i++)
            {
                if (finished[i]) continue;
                int row = rows[i];
                finished[i] = ids[i] == config.EosId;
                if (!finished[i]) outputs[row].Add((int)ids[i]);
                finished[i] |= t + 1 >= limits[row];
                feed[i] = finished[i] ? config.EosId : ids[i];
                if (!finished[i]) open++;
            }
            if (open == 0) break;
            if (open > rows.Length * 3 / 4) continue;
            int[] keep = Enumerable.Range(0, rows.Length).Where(i => !finished[i]).ToArray();
            cache.Keep(tensor(keep.Select(i => (long)i).ToArray(), device: device));
            rows = keep.Select(i => rows[i]).ToArray();
            feed = keep.Select(i => feed[i]).ToArray();
            finished = new bool[keep.Length];
        }
        return outputs.Select(o => o.ToArray()).ToArray();
    }
}
