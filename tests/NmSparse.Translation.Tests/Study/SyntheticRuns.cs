using System.Text.Json;
using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Runtime;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Study;

/// <summary>Run folders with a config.json and, for finished runs, a hand-written result.json.</summary>
internal sealed class SyntheticRuns : IDisposable
{
    public SyntheticRuns() => Root = Directory.CreateTempSubdirectory("nmsparse-study-").FullName;

    public string Root { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>A run folder under <paramref name="folder"/> of the tiny preset (40 steps, 4 of them fine-tune); with
    /// <paramref name="testBleu"/> null it is unfinished.</summary>
    public string Add(string folder, string recipe, NmPattern pattern, int seed, double? testBleu,
        double validBleu = 0, long flops = 1000, double validPerplexity = 20, double? alpha = null)
    {
        var run = new RunDirectory(Path.Combine(Root, folder));
        Directory.CreateDirectory(run.Root);
        var training = TrainingPresets.Get("tiny") with { Seed = seed };
        var settings = training.WithPhases(new RecipeSettings { Recipe = recipe, Pattern = pattern, Alpha = alpha });
        new SavedRunConfig(training, settings, "/data").Save(run);
        if (testBleu is not { } bleu) return run.Root;
        var result = new RunResult
        {
            Recipe = recipe, Pattern = pattern.ToString(), Preset = "tiny", Steps = training.Steps, TestBleu = bleu,
            TestBleuLine = "", TestBleuSignature = "", ValidLoss = 3, ValidPerplexity = validPerplexity,
            ValidBleu = validBleu, BestCheckpointStep = training.Steps, BestCheckpointValidBleu = validBleu,
            TargetTokens = 100, TargetTokensPerSecond = 10, TrainingSeconds = 60, ValidationSeconds = 5,
            CheckpointSeconds = 1, FinalValidSeconds = 2, TestDecodeSeconds = 3, TrainingFlops = flops,
            DenseTrainingFlops = 2000, FlopRatioToDense = flops / 2000.0, SparseLayerFlops = 0,
            SparseLayerDenseFlops = 0, SparseLayerFlopRatio = 1, Layers = [], CodeVersion = "abc123",
            Machine = new MachineDescription("Some CPU @ 2.80GHz", "AVX2", NativeBf16: false, LogicalCores: 2),
        };
        File.WriteAllText(run.Result, JsonSerializer.Serialize(result));
        return run.Root;
    }
}
