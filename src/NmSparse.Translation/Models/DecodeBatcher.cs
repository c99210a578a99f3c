using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// The part of decoding that does not depend on the search: eval mode + no_grad, length-sorted batches (so little
/// padding is decoded), building the padded source tensor on the model's device, per-sentence length limits, and
/// turning the output id matrix back into lists in input order.
/// </summary>
internal static class DecodeBatcher
{
    /// <summary>One batch: padded source ids [B, S] on the model's device and each row's output length limit.</summary>
    public delegate IReadOnlyList<int[]> BatchDecoder(Tensor source, int[] limits);

    public static IReadOnlyList<int[]> Run(Seq2SeqTransformer model, DecodingOptions options,
        IReadOnlyList<IReadOnlyList<int>> sources, BatchDecoder decodeBatch)
    {
        options.Validate();
        var config = model.Config;
        var results = new int[sources.Count][];
        // Longest first: the first batch fails fast if memory is short, and batches have similar lengths.
        var order = Enumerable.Range(0, sources.Count).Where(i => sources[i].Count > 0)
            .OrderByDescending(i => sources[i].Count).ToArray();
        foreach (int i in Enumerable.Range(0, sources.Count).Where(i => sources[i].Count == 0)) results[i] = [];

        var device = model.parameters().First().device;
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            foreach (var batch in order.Chunk(options.BatchSize))
            {
                using var scope = NewDisposeScope();
                // Sources longer than the positional table are cut rather than failing a whole evaluation run.
                int width = Math.Min(sources[batch[0]].Count, config.MaxLength);
                var ids = new long[batch.Length * width];
                Array.Fill(ids, config.PadId);
                var limits = new int[batch.Length];
                for (int row = 0; row < batch.Length; row++)
                {
                    var source = sources[batch[row]];
                    int length = Math.Min(source.Count, width);
                    for (int col = 0; col < length; col++) ids[row * width + col] = source[col];
                    limits[row] = options.LengthLimit(length, config.MaxLength);
                }
                var decoded = decodeBatch(tensor(ids, [batch.Length, width], device: device), limits);
                for (int row = 0; row < batch.Length; row++) results[batch[row]] = decoded[row];
            }
        }
        finally
        {
            if (wasTraining) model.train();
        }
        return results;
    }

    /// <summary>Each row of <paramref name="tokens"/> [B, L] up to (not including) its first EOS.</summary>
    public static IReadOnlyList<int[]> TrimAtEos(Tensor tokens, long eosId)
    {
        // Not disposed here: cpu() may return the very tensor passed in; the caller's dispose scope owns both.
        var host = tokens.cpu();
        long rows = host.shape[0], columns = host.shape[1];
        var flat = host.data<long>().ToArray();
        var result = new int[rows][];
        for (int r = 0; r < rows; r++)
        {
            int start = r * (int)columns;
            int end = Array.IndexOf(flat, eosId, start, (int)columns);
            result[r] = flat[start..(end < 0 ? start + (int)columns : end)].Select(id => (int)id).ToArray();
        }
        return result;
    }
}
