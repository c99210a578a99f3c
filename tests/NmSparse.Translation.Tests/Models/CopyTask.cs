using NmSparse.Optim;
using NmSparse.Translation.Models;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Models;

/// <summary>Trains a tiny model to copy its source: a quick end-to-end check of model, loss and decoders.</summary>
internal static class CopyTask
{
    public static void Train(Seq2SeqTransformer model, int steps)
    {
        var config = model.Config;
        model.train();
        using var optimizer = new AdamOptions { LearningRate = 0.01 }.Create(model.parameters());
        var loss = new LabelSmoothedLoss(0.0, config.PadId);
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            // Sentence body of 2..6 random ids, EOS, then padding to a common width.
            var body = TinyTransformer.RandomIds(32, 6);
            var lengths = randint(2, 7, [32, 1], dtype: int64);
            var positions = arange(6, dtype: int64).unsqueeze(0);
            body = body.masked_fill(positions.ge(lengths), config.PadId);
            var padColumn = full(32, 1, config.PadId, dtype: int64);
            var withEos = cat([body, padColumn], 1).scatter(1, lengths, full(32, 1, config.EosId, dtype: int64));
            var tgtIn = cat([full(32, 1, config.BosId, dtype: int64), body], 1);
            optimizer.zero_grad();
            var sums = loss.Compute(model.call(withEos, tgtIn), withEos);
            sums.SmoothedLoss.div(sums.TokenCount).backward();
            optimizer.step();
        }
        model.eval();
    }
}
