using System.Globalization;
using System.Text.Json;
using NmSparse.Recipes;
using NmSparse.Sparsity;
using NmSparse.Translation.Data;
using NmSparse.Translation.Models;
using NmSparse.Translation.Tests.Training;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Tests;

/// <summary>`nmsparse prune` on tiny runs of the offline corpus, then eval and translate of the pruned runs.</summary>
[Collection("Sequential")]
public class PruneCommandTests : IDisposable
{
    private readonly TinyCorpus _corpus = new();

    public void Dispose() => _corpus.Dispose();

    private string Train(string name, string recipe)
    {
        var train = CliRunner.Run("train", "--preset", "tiny", "--recipe", recipe, "--nm", "2:4", "--steps", "8",
            "--plain", "--data", _corpus.Data, "--out", _corpus.RunPath(name));
        Assert.True(train.Code == 0, train.Err);
        return _corpus.RunPath(name);
    }

    [Fact]
    public void Prune_DenseRunWandaPermute_WritesA2of4RunThatEvalAndTranslateLoad()
    {
        string source = Train("dense", "dense");
        string pruned = _corpus.RunPath("pruned");

        var prune = CliRunner.Run("prune", "--run", source, "--nm", "2:4", "--score", "wanda", "--permute",
            "--out", pruned);

        Assert.True(prune.Code == 0, prune.Err);
        Assert.Equal("", prune.Err);
        // tiny: 1 encoder layer (self-attention, ff) and 1 decoder layer (self-, cross-attention, ff): 5 pairs.
        Assert.Equal(5, prune.Out.Split('\n').Count(l => l.StartsWith("permuted: ", StringComparison.Ordinal)));
        Assert.Contains("calibrated input norms on 16 training batches\n", prune.Out);
        Assert.Contains($"one-shot 2:4 (wanda, permuted) of {Path.GetFullPath(source)} checkpoint last at step 8",
            prune.Out);

        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(pruned, "config.json"))))
        {
            var root = config.RootElement;
            Assert.Equal("static", root.GetProperty("Recipe").GetProperty("Recipe").GetString());
            Assert.Equal("wanda", root.GetProperty("Recipe").GetProperty("Score").GetString());
            var shot = root.GetProperty("OneShot");
            Assert.Equal("one-shot", shot.GetProperty("Method").GetString());
            Assert.Equal(Path.GetFullPath(source), shot.GetProperty("SourceRun").GetString());
            Assert.Equal(8, shot.GetProperty("SourceStep").GetInt64());
            Assert.True(shot.GetProperty("Permute").GetBoolean());
            Assert.Equal(16, shot.GetProperty("CalibrationBatches").GetInt32());
            Assert.Equal(5, shot.GetProperty("Permutations").GetArrayLength());
        }
        var result = Result(pruned);
        var sourceResult = Result(source);
        Assert.Equal(("static", "2:4", 8L), (result.Recipe, result.Pattern, result.Steps));
        Assert.Equal(16, result.Layers.Count);
        Assert.All(result.Layers, l => Assert.Equal(("2:4", 0.5, 0.0), (l.Pattern, l.Density, l.Beta)));
        Assert.Equal(sourceResult.TrainingFlops, result.TrainingFlops);
        Assert.Equal(sourceResult.SparseLayerFlops, result.SparseLayerFlops);
        Assert.Equal(sourceResult.TargetTokens, result.TargetTokens);
        Assert.Equal(16, AssertCheckpointIs2of4(new RunDirectory(pruned)));

        var eval = CliRunner.Run("eval", "--run", pruned, "--split", "valid");
        Assert.True(eval.Code == 0, eval.Err);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"valid: 4 sentences, loss {result.ValidLoss:F3}, perplexity {result.ValidPerplexity:F2}, greedy"),
            eval.Out);
        Assert.Contains("checkpoint last at step 8", eval.Out);
        var input = Console.In;
        try
        {
            Console.SetIn(new StringReader("The cat sits on the mat.\nThe dog sleeps in the house.\n"));
            var translate = CliRunner.Run("translate", "--run", pruned);
            Assert.True(translate.Code == 0, translate.Err);
            Assert.Equal(2, translate.Out.Split('\n').Length - 1);
        }
        finally
        {
            Console.SetIn(input);
        }

        // Deterministic: the same pruning again gives the same checkpoint, byte for byte.
        string twin = _corpus.RunPath("twin");
        Assert.Equal(0, CliRunner.Run("prune", "--run", source, "--nm", "2:4", "--score", "wanda", "--permute",
            "--out", twin).Code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(pruned, "checkpoint-last.ckpt")),
            File.ReadAllBytes(Path.Combine(twin, "checkpoint-last.ckpt")));

        string before = File.ReadAllText(Path.Combine(pruned, "result.json"));
        var again = CliRunner.Run("prune", "--run", source, "--nm", "2:4", "--out", pruned);
        Assert.Equal((2, ""), (again.Code, again.Out));
        Assert.Equal($"nmsparse: error: {pruned}: already exists and is not empty; prune into a new folder\n",
            again.Err);
        Assert.Equal(before, File.ReadAllText(Path.Combine(pruned, "result.json")));
    }

    [Fact]
    public void Prune_SparseRunToOneOfFourByMagnitude_KeepsOneWeightPerGroup()
    {
        string source = Train("srste", "srste");
        string pruned = _corpus.RunPath("one-of-four");

        var prune = CliRunner.Run("prune", "--run", source, "--nm", "1:4", "--out", pruned);

        Assert.True(prune.Code == 0, prune.Err);
        Assert.DoesNotContain("permuted: ", prune.Out);
        Assert.DoesNotContain("calibrated", prune.Out);
        Assert.All(Result(pruned).Layers, l => Assert.Equal(("1:4", 0.25), (l.Pattern, l.Density)));
        Assert.Equal(16, AssertCheckpointIs2of4(new RunDirectory(pruned), kept: 1));
        var eval = CliRunner.Run("eval", "--run", pruned);
        Assert.True(eval.Code == 0, eval.Err);
    }

    [Fact]
    public void Prune_BadInput_OneLineErrorsAndExit2()
    {
        string missing = _corpus.RunPath("missing");
        string output = _corpus.RunPath("out");
        string[] Args(string run, string nm, params string[] more) =>
            ["prune", "--run", run, "--nm", nm, "--out", output, .. more];

        AssertError(Args(missing, "2:4"),
            $"{Path.Combine(missing, "config.json")}: not found; is {missing} a run folder made by `nmsparse train`?");
        AssertError(Args(missing, "2:x"), "--nm: '2:x' is not an N:M pattern such as 2:4");
        AssertError(Args(missing, "4:4"), "--nm: invalid N:M 4:4: N must be smaller than M");
        AssertError(Args(missing, "2:4", "--score", "taylor"), "--score: 'taylor' is not one of magnitude, wanda");
        AssertError(Args(missing, "2:4", "--calibration-batches", "0"),
            "--calibration-batches must be at least 1 (got 0)");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "notes.txt"), "keep me");
        AssertError(Args(missing, "2:4"), $"{output}: already exists and is not empty; prune into a new folder");
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
    }

    private static void AssertError(string[] args, string message)
    {
        var result = CliRunner.Run(args);
        Assert.Equal((2, "", $"nmsparse: error: {message}\n"), (result.Code, result.Out, result.Err));
    }

    private static RunResult Result(string run) =>
        JsonSerializer.Deserialize<RunResult>(File.ReadAllText(Path.Combine(run, "result.json")))!;

    /// <summary>
    /// Opens the checkpoint without baking anything and checks every sparsified weight directly: exactly
    /// <paramref name="kept"/> non-zeros in each group of 4 consecutive input weights. Returns the layers checked.
    /// </summary>
    private static int AssertCheckpointIs2of4(RunDirectory run, int kept = 2)
    {
        var saved = SavedRunConfig.Load(run);
        var (_, sections) = CheckpointHeader.Read(run.LastCheckpoint);
        using var model = new Seq2SeqTransformer(
            TrainingSession.ModelConfig(saved.Training, SubwordTokenizer.Load(run.Tokenizer)));
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(saved.Recipe),
            saved.Training.ToSparsifyOptions());
        using (var stream = new MemoryStream(sections["model"])) model.load(stream);
        foreach (var layer in sparsifier.Layers)
        {
            using var counts = layer.Module.Weight.detach().reshape(-1, 4).ne(0).sum(1);
            using var exact = counts.eq(kept).all();
            Assert.True(exact.item<bool>(), $"{layer.Name}: not exactly {kept}:4");
        }
        return sparsifier.Layers.Count;
    }
}
