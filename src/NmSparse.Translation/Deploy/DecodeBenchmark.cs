using System.Diagnostics;
using NmSparse.Translation.Data;
using NmSparse.Translation.Models;
using NmSparse.Translation.Training;
using static TorchSharp.torch;

namespace NmSparse.Translation.Deploy;

/// <summary>
/// Times greedy decoding of the same sources with a dense-masked model and its sparse-engine twin (see
/// <see cref="SparseEngine"/>), on the CPU: "single" decodes one sentence at a time (as `translate` of a single
/// line does), "batched" decodes all of them in token batches. The sides run one after the other, dense first.
/// </summary>
public static class DecodeBenchmark
{
    /// <summary>Decodes <paramref name="sources"/> (token ids ending with EOS) in both modes with both models.</summary>
    public static IReadOnlyList<DecodeTimingRow> Run(Seq2SeqTransformer dense, Seq2SeqTransformer sparse,
        SubwordTokenizer tokenizer, IReadOnlyList<int[]> sources, int batchTokens)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var denseEval = new TranslationEvaluator(dense, tokenizer, CPU, batchTokens);
        var sparseEval = new TranslationEvaluator(sparse, tokenizer, CPU, batchTokens);
        return
        [
            Measure("single", sources.Count, e => sources.SelectMany(s => e.Translate([s], 1)).ToList(),
                denseEval, sparseEval),
            Measure("batched", sources.Count, e => e.Translate(sources, 1), denseEval, sparseEval),
        ];
    }

    private static DecodeTimingRow Measure(string mode, int count,
        Func<TranslationEvaluator, IReadOnlyList<string>> decode, TranslationEvaluator dense,
        TranslationEvaluator sparse)
    {
        var (denseOut, denseSeconds) = Time(() => decode(dense));
        var (sparseOut, sparseSeconds) = Time(() => decode(sparse));
        return new DecodeTimingRow(mode, count, denseSeconds, sparseSeconds, denseOut.SequenceEqual(sparseOut));
    }

    private static (IReadOnlyList<string> Output, double Seconds) Time(Func<IReadOnlyList<string>> decode)
    {
        long start = Stopwatch.GetTimestamp();
        var output = decode();
        return (output, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
}
