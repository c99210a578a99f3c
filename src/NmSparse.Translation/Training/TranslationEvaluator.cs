using System.Diagnostics;
using NmSparse.Translation.Data;
using NmSparse.Translation.Metrics;
using NmSparse.Translation.Models;
using static TorchSharp.torch;

namespace NmSparse.Translation.Training;

/// <summary>
/// Scores a model on a split: per-token NLL without label smoothing (so perplexity = exp(NLL) is comparable across
/// recipes and separates them even when BLEU is still low) and detokenized corpus BLEU (sacreBLEU defaults) of
/// greedy or beam-search translations.
/// </summary>
public sealed class TranslationEvaluator
{
    private readonly Seq2SeqTransformer _model;
    private readonly SubwordTokenizer _tokenizer;
    private readonly Device _device;
    private readonly int _batchTokens;

    public TranslationEvaluator(Seq2SeqTransformer model, SubwordTokenizer tokenizer, Device device, int batchTokens)
    {
        _model = model;
        _tokenizer = tokenizer;
        _device = device;
        _batchTokens = batchTokens;
    }

    /// <summary>Loss, perplexity and BLEU on the first <paramref name="limit"/> pairs of a split.</summary>
    public (EvalReport Report, IReadOnlyList<string> Hypotheses) Evaluate(EncodedSplit split, long step, int limit,
        int beam)
    {
        var subset = Take(split, limit);
        double nll = NegativeLogLikelihood(subset);
        var watch = Stopwatch.StartNew();
        var hypotheses = Translate(subset.Sources, beam);
        watch.Stop();
        var references = subset.Pairs.Select(p => p.De).ToList();
        var bleu = CorpusBleu.Compute(hypotheses, references);
        var report = new EvalReport(split.Name, step, nll, Math.Exp(Math.Min(nll, 50)), bleu.Score, subset.Count,
            watch.Elapsed);
        return (report, hypotheses);
    }

    /// <summary>Detokenized translations of encoded sources (each ending with EOS).</summary>
    public IReadOnlyList<string> Translate(IReadOnlyList<int[]> sources, int beam)
    {
        var options = new DecodingOptions();
        ISequenceDecoder decoder = beam <= 1
            ? new GreedyDecoder(_model, options)
            : new BeamSearchDecoder(_model, beam, options: options);
        var outputs = decoder.Decode(sources.Select(s => (IReadOnlyList<int>)Clip(s)).ToList());
        return outputs.Select(ids => _tokenizer.Decode(ids)).ToList();
    }

    /// <summary>Mean per-token negative log-likelihood (nats), teacher-forced, in eval mode.</summary>
    public double NegativeLogLikelihood(EncodedSplit split)
    {
        bool wasTraining = _model.training;
        _model.eval();
        try
        {
            using var noGrad = no_grad();
            var loss = new LabelSmoothedLoss(0.0, _model.Config.PadId);
            var batcher = new TokenBatcher(split.SourceLengths(), split.TargetLengths(), _batchTokens, seed: 0);
            double total = 0;
            long tokens = 0;
            foreach (var batch in batcher.Batches)
            {
                using var scope = NewDisposeScope();
                using var tensors = BatchTensors.Create(split, batch.Indices, _model.Config.PadId, _device);
                var sums = loss.Compute(_model.call(tensors.Source, tensors.TargetIn), tensors.TargetOut);
                total += sums.Nll.item<float>();
                tokens += sums.TokenCount.item<long>();
            }
            return tokens == 0 ? double.NaN : total / tokens;
        }
        finally
        {
            _model.train(wasTraining);
        }
    }

    private int[] Clip(int[] source)
    {
        int max = _model.Config.MaxLength;
        return source.Length <= max ? source : [.. source.Take(max - 1), _model.Config.EosId];
    }

    private static EncodedSplit Take(EncodedSplit split, int limit)
    {
        if (limit >= split.Count) return split;
        return new EncodedSplit(split.Name, split.Pairs.Take(limit).ToList(), split.Sources.Take(limit).ToArray(),
            split.Targets.Take(limit).ToArray());
    }
}
