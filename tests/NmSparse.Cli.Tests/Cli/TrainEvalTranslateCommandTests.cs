using System.Text.Json;
using NmSparse.Translation.Tests.Training;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Tests;

/// <summary>The train → eval → translate path of the CLI on the offline tiny corpus.</summary>
[Collection("Sequential")]
public class TrainEvalTranslateCommandTests : IDisposable
{
    private readonly TinyCorpus _corpus = new();

    public void Dispose() => _corpus.Dispose();

    private string[] TrainArgs(string run) =>
        ["train", "--preset", "tiny", "--recipe", "srste", "--nm", "2:4", "--steps", "8", "--plain",
         "--data", _corpus.Data, "--out", _corpus.RunPath(run), "--set", "eval_every=4"];

    [Fact]
    public void Train_ThenEvalAndTranslate_PrintsSacreBleuLinesAndGerman()
    {
        var train = CliRunner.Run(TrainArgs("cli"));
        Assert.True(train.Code == 0, train.Err);
        var lines = train.Out.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("BLEU = ", StringComparison.Ordinal));
        Assert.Contains("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3", lines);
        Assert.Contains(lines, l => l.StartsWith("recipe srste 2:4 | preset tiny", StringComparison.Ordinal));

        var eval = CliRunner.Run("eval", "--run", _corpus.RunPath("cli"), "--beam", "2", "--split", "valid");
        Assert.True(eval.Code == 0, eval.Err);
        Assert.StartsWith("BLEU = ", eval.Out);
        Assert.Contains("valid: 4 sentences", eval.Out);
        Assert.Contains("checkpoint last at step 8", eval.Out);

        // Fine-tune is step 8 of 8 (round(0.1 · 8) = 1): the only validation with final masks, so best is step 8.
        using (var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(_corpus.RunPath("cli"), "result.json"))))
            Assert.Equal(8, result.RootElement.GetProperty("BestCheckpointStep").GetInt64());
        var best = CliRunner.Run("eval", "--run", _corpus.RunPath("cli"), "--checkpoint", "best", "--split", "valid");
        Assert.True(best.Code == 0, best.Err);
        Assert.Contains("checkpoint best at step 8", best.Out);

        var input = Console.In;
        try
        {
            Console.SetIn(new StringReader("The cat sits on the mat.\nThe dog sleeps in the house.\n"));
            var translate = CliRunner.Run("translate", "--run", _corpus.RunPath("cli"));
            Assert.True(translate.Code == 0, translate.Err);
            Assert.Equal(2, translate.Out.Split('\n', StringSplitOptions.None).Length - 1);
            Assert.Equal("translating with checkpoint last at step 8\n", translate.Err);
        }
        finally
        {
            Console.SetIn(input);
        }
    }

    /// <summary>The output lines of a plain 4-step tiny run of <paramref name="recipe"/> at 2:4.</summary>
    private string[] TrainFourSteps(string recipe)
    {
        var train = CliRunner.Run("train", "--preset", "tiny", "--recipe", recipe, "--nm", "2:4", "--steps", "4",
            "--plain", "--data", _corpus.Data, "--out", _corpus.RunPath(recipe));
        Assert.True(train.Code == 0, train.Err);
        return train.Out.Split('\n');
    }

    [Fact]
    public void Train_DenseRecipe_SaysDenseOnceAndProgressHasNoPatternOrBeta()
    {
        var lines = TrainFourSteps("dense");

        Assert.Equal("dense: no layer is sparsified",
            Assert.Single(lines, l => l.StartsWith("dense", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("sparse: ", StringComparison.Ordinal) ||
            l.Contains("never masked", StringComparison.Ordinal) || l.Contains('β'));
        var steps = lines.Where(l => l.StartsWith("step ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, steps.Count); // tiny logs every 10 steps, and the last
        Assert.All(steps, l => Assert.Matches(@"^step [14]/4 loss \d+\.\d{3} lr \d\.\d{2}E-\d{3} \d+ tok/s " +
            @"dense elapsed \d\d:\d\d:\d\d eta \d\d:\d\d:\d\d$", l));
    }

    [Fact]
    public void Train_SrSte_NamesEverySparseLayerAndPrintsPatternAndBeta()
    {
        var lines = TrainFourSteps("srste");

        Assert.Equal(16, lines.Count(l => l.StartsWith("sparse: ", StringComparison.Ordinal)));
        Assert.Contains("sparse: encoder.layers.0.ff1 (Linear [64, 32]) as 2:4 along the input dimension", lines);
        Assert.DoesNotContain("dense: no layer is sparsified", lines);
        // 4 steps: dense phase none (D = 0), fine-tune the last round(0.1 · 4) = 0 steps, so step 1 and 4 are sparse.
        Assert.All(lines.Where(l => l.StartsWith("step ", StringComparison.Ordinal)),
            l => Assert.Contains(" tok/s sparse 2:4 β=0.000 elapsed ", l));
    }

    [Fact]
    public void Train_OutFolderHoldsRun_RefusesWithoutResume()
    {
        Assert.Equal(0, CliRunner.Run(TrainArgs("twice")).Code);
        string before = File.ReadAllText(Path.Combine(_corpus.RunPath("twice"), "result.json"));
        var again = CliRunner.Run(TrainArgs("twice"));
        Assert.Equal(2, again.Code);
        Assert.Contains("already holds a run; pass --resume", again.Err);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_corpus.RunPath("twice"), "result.json")));
    }

    [Fact]
    public void Train_ResumeWithNewRecipe_IsRejected()
    {
        Assert.Equal(0, CliRunner.Run([.. TrainArgs("resume"), "--pause-at", "4"]).Code);
        var bad = CliRunner.Run("train", "--out", _corpus.RunPath("resume"), "--resume", "--recipe", "ste");
        Assert.Equal(2, bad.Code);
        Assert.Contains("do not pass --recipe", bad.Err);
        var good = CliRunner.Run("train", "--out", _corpus.RunPath("resume"), "--resume", "--plain");
        Assert.True(good.Code == 0, good.Err);
        Assert.Contains("resumed from", good.Out);
    }

    [Fact]
    public void Train_MissingCorpus_OneLineErrorNamingTheFile()
    {
        var result = CliRunner.Run("train", "--preset", "tiny", "--recipe", "ste", "--out", _corpus.RunPath("x"),
            "--data", Path.Combine(_corpus.Root, "nowhere"));
        Assert.Equal(2, result.Code);
        Assert.Contains("nowhere/spm.model not found; build the corpus first", result.Err);
        Assert.Single(result.Err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Train_QuickPresetOnOtherTokenizer_OneLineErrorAndNoRunFolder()
    {
        string run = _corpus.RunPath("quick-on-tiny");
        var result = CliRunner.Run("train", "--preset", "quick", "--recipe", "dense", "--out", run, "--data",
            _corpus.Data, "--plain");
        Assert.Equal(2, result.Code);
        Assert.Single(result.Err.TrimEnd().Split('\n'));
        Assert.Contains("subwords, but this run (preset quick) is set for subword_vocab 4000: build it with " +
            "`nmsparse data --vocab-size 4000 --out data/en-de-v4000`", result.Err);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void Train_HugeLearningRate_StopsWithDivergenceAndKeepsCheckpointClean()
    {
        // No clipping: the guard measures the gradient norm itself. A checkpoint is due after every step.
        var run = new RunDirectory(_corpus.RunPath("nan"));
        var result = CliRunner.Run([.. TrainArgs("nan"), "--set", "learning_rate=1e12", "--set", "clip_norm=0",
            "--set", "warmup_steps=1", "--set", "checkpoint_every=1"]);
        Assert.Equal(3, result.Code);
        Assert.Single(result.Err.TrimEnd().Split('\n'));
        Assert.Matches(@"^nmsparse: training diverged: .* in step \d+/8; stopped before ", result.Err);
        Assert.Contains($"last clean checkpoint: {run.LastCheckpoint} (after step ", result.Err);
        Assert.False(File.Exists(run.Result));
        var saved = SavedRunConfig.Load(run);
        var checkpoints = Directory.GetFiles(run.Root, "*.ckpt");
        Assert.NotEmpty(checkpoints);
        foreach (string checkpoint in checkpoints)
            Assert.Empty(CheckpointTensors.NonFinite(checkpoint, saved.Training, saved.Recipe, run.Tokenizer));
    }

    [Fact]
    public void Train_StaticWithDenseStepsZero_OneLineErrorNamingTheKey()
    {
        var result = CliRunner.Run("train", "--preset", "tiny", "--recipe", "static", "--nm", "2:4", "--set",
            "dense_steps=0", "--data", _corpus.Data, "--out", _corpus.RunPath("static0"));
        Assert.Equal(2, result.Code);
        Assert.Equal("nmsparse: error: training option 'dense_steps' is 0, but recipe 'static' prunes a trained " +
            "dense model once: set dense_steps ≥ 1 or leave it unset (default 0.5 of steps)\n", result.Err);
        Assert.False(Directory.Exists(_corpus.RunPath("static0")));
    }
}
