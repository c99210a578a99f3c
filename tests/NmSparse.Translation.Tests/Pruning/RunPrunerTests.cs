using System.Text.Json;
using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Data;
using NmSparse.Translation.Metrics;
using NmSparse.Translation.Pruning;
using NmSparse.Translation.Tests.Training;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Pruning;

/// <summary>result.json of a one-shot pruned run, against its source run's.</summary>
[Collection("Sequential")]
public class RunPrunerTests : IDisposable
{
    private readonly TinyCorpus _corpus = new();

    public void Dispose() => _corpus.Dispose();

    [Fact]
    public void Prune_SrSteRun_ResultHasSourceTotalsNoBestCheckpointAndItsOwnScores()
    {
        var options = TrainingPresets.Get("tiny") with
        {
            Steps = 6, LogEvery = 1, EvalEvery = 3, CheckpointEvery = 3, EvalSentences = 4, BatchTokens = 64,
            Threads = 1,
        };
        var recipe = new RecipeSettings { Recipe = "srste", Pattern = new NmPattern(2, 4), Steps = 6 };
        var source = new RunDirectory(_corpus.RunPath("source"));
        new SavedRunConfig(options, recipe, _corpus.Data).Prepare(source);
        new TranslationTrainer(new TrainingRequest(_corpus.Data, source, options, recipe, Resume: false),
            new SilentObserver(), new TickingClock()).Run();
        var pruned = new RunDirectory(_corpus.RunPath("pruned"));

        var outcome = RunPruner.Prune(
            new PruneRequest(source, "last", pruned, new NmPattern(2, 4), "magnitude", 2, Permute: false),
            clock: new TickingClock());

        var trained = Read(source);
        var result = Read(pruned);
        Assert.Equal(outcome.Result, result with { Layers = outcome.Result.Layers });
        // What training cost is the source's (every sparsified layer is pruned, so the layer FLOPs agree too), up
        // to its last checkpoint: without the time writing that one.
        var (header, _) = CheckpointHeader.Read(source.LastCheckpoint);
        Assert.Equal(
            (trained.Steps, trained.TargetTokens, trained.TargetTokensPerSecond, trained.TrainingSeconds,
                trained.ValidationSeconds, header.CheckpointSeconds, trained.TrainingFlops,
                trained.DenseTrainingFlops, trained.FlopRatioToDense, trained.SparseLayerFlops,
                trained.SparseLayerDenseFlops, trained.SparseLayerFlopRatio),
            (result.Steps, result.TargetTokens, result.TargetTokensPerSecond, result.TrainingSeconds,
                result.ValidationSeconds, result.CheckpointSeconds, result.TrainingFlops, result.DenseTrainingFlops,
                result.FlopRatioToDense, result.SparseLayerFlops, result.SparseLayerDenseFlops,
                result.SparseLayerFlopRatio));
        Assert.Equal(("static", "2:4", "tiny", 0L, -1.0, (string?)null),
            (result.Recipe, result.Pattern, result.Preset, result.BestCheckpointStep, result.BestCheckpointValidBleu,
                result.CodeVersion));
        // Each timed evaluation reads the clock twice, a quarter second apart.
        Assert.Equal((0.25, 0.25), (result.FinalValidSeconds, result.TestDecodeSeconds));
        var references = ParallelCorpus.Read(_corpus.Data, "test").Select(p => p.De).ToList();
        var bleu = CorpusBleu.Compute(File.ReadAllLines(pruned.TestHypotheses), references);
        Assert.Equal((bleu.Score, bleu.ToString(), bleu.Signature),
            (result.TestBleu, result.TestBleuLine, result.TestBleuSignature));
        Assert.All(result.Layers, l => Assert.Equal(("2:4", 0.5, 0.0), (l.Pattern, l.Density, l.Beta)));
        Assert.Equal(trained.Layers.Select(l => l.Name), result.Layers.Select(l => l.Name));
    }

    private static RunResult Read(RunDirectory run) =>
        JsonSerializer.Deserialize<RunResult>(File.ReadAllText(run.Result))!;

    /// <summary>A clock that moves a quarter second every time it is read.</summary>
    private sealed class TickingClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks += TimeSpan.TicksPerSecond / 4;
    }
}
