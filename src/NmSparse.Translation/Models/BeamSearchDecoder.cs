using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// Batched beam search (B sentences × K beams decoded as B·K rows with one key/value cache, reordered in place
/// whenever beams are re-selected). Beams compete on their summed log-probability; a beam that emitted EOS (or hit
/// its length limit) keeps its score and its slot, so the search ends when all K beams of every sentence are done.
/// The final pick per sentence uses the GNMT length penalty (Wu et al. 2016): score / ((5 + |Y|) / 6)^α, where |Y|
/// counts the generated tokens including EOS. With K = 1 this is exactly greedy decoding.
/// </summary>
public sealed class BeamSearchDecoder : BatchedDecoder
{
    private readonly int _beamSize;
    private readonly double _lengthPenalty;

    /// <summary>
    /// Decodes with <paramref name="beamSize"/> beams per sentence; <paramref name="lengthPenalty"/> is GNMT's α
    /// (0 = rank by raw log-probability, which favours short outputs).
    /// </summary>
    public BeamSearchDecoder(Seq2SeqTransformer model, int beamSize = 4, double lengthPenalty = 0.6,
        DecodingOptions? options = null) : base(model, options)
    {
        if (beamSize < 1) throw new UserInputException($"decode.BeamSize must be >= 1, got {beamSize}");
        if (lengthPenalty < 0) throw new UserInputException($"decode.LengthPenalty must be >= 0, got {lengthPenalty}");
        _beamSize = beamSize;
        _lengthPenalty = lengthPenalty;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<int[]> DecodeBatch(Tensor source, int[] limits)
    {
        var config = Model.Config;
        int steps = limits.Max(), beams = _beamSize;
        long sentences = source.shape[0], rows = sentences * beams, vocab = config.VocabSize;
        var device = source.device;

        // Row r = sentence r / K, beam r % K. Every beam of a sentence shares its memory rows.
        var sentenceOfRow = arange(sentences, device: device).repeat_interleave(beams);
        var beamBase = arange(sentences, device: device).mul(beams).unsqueeze(1);
        var limit = tensor(limits, device: device).repeat_interleave(beams);
        using var cache = Model.CreateCache(Model.Encode(source).SelectRows(sentenceOfRow), steps);

        // Only beam 0 is live at the start, otherwise the first step would pick K copies of the same token.
        var scores = full(sentences, beams, double.NegativeInfinity, ScalarType.Float32, device);
        scores.select(1, 0).fill_(0);
        var finished = zeros(rows, ScalarType.Bool, device);
        var lengths = zeros(rows, ScalarType.Int64, device);
        var output = full(rows, steps, config.EosId, ScalarType.Int64, device);
        var tokens = full(rows, config.BosId, ScalarType.Int64, device);
        // A finished beam has a single continuation, "EOS" at log-probability 0, so it survives unchanged.
        var finishedRow = full(vocab, double.NegativeInfinity, ScalarType.Float32, device);
        finishedRow[config.EosId] = tensor(0f, device: device);

        for (int t = 0; t < steps; t++)
        {
            using var scope = NewDisposeScope();
            var logProbs = nn.functional.log_softmax(Model.DecodeStep(tokens, cache).to_type(ScalarType.Float32), -1);
            finished.logical_or_(limit.le(t));
            logProbs = where(finished.unsqueeze(1), finishedRow, logProbs);
            var candidates = scores.view(rows, 1).add(logProbs).view(sentences, beams * vocab);
            var (best, index) = candidates.topk(beams, dim: 1);
            var parent = index.div(vocab, rounding_mode: RoundingMode.floor).add(beamBase).view(rows);
            var next = index.remainder(vocab).view(rows);

            scores.copy_(best);
            finished.copy_(finished.index_select(0, parent));
            lengths.copy_(lengths.index_select(0, parent));
            output.copy_(output.index_select(0, parent));
            cache.Reorder(parent);

            output.select(1, t).copy_(next.masked_fill(finished, config.EosId));
            lengths.add_(finished.logical_not().to_type(ScalarType.Int64));
            finished.logical_or_(next.eq(config.EosId));
            if (finished.all().item<bool>()) break;
            tokens.copy_(next);
        }

        var penalty = lengths.to_type(ScalarType.Float32).add(5).div(6).pow(_lengthPenalty).view(sentences, beams);
        var winner = scores.div(penalty).argmax(1).add(beamBase.squeeze(1));
        return DecodeBatcher.TrimAtEos(output.index_select(0, winner), config.EosId);
    }
}
