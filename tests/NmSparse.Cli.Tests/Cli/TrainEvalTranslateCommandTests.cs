using NmSparse.Translation.Tests.Training;

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

        var input = Console.In;
        try
        {
            Console.SetIn(new StringReader("The cat sits on the mat.\nThe dog sleeps in the house.\n"));
            var translate = CliRunner.Run("translate", "--run", _corpus.RunPath("cli"));
            Assert.True(translate.Code == 0, translate.Err);
            Assert.Equal(2, translate.Out.Split('\n', StringSplitOptions.None).Length - 1);
        }
        finally
        {
            Console.SetIn(input);
        }
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
    public void Train_HugeLearningRate_StopsWithDivergenceAndKeepsCheckpointClean()
    {
        var result = CliRunner.Run([.. TrainArgs("nan"), "--set", "learning_rate=1e12", "--set", "clip_norm=0",
            "--set", "warmup_steps=1"]);
        Assert.Equal(3, result.Code);
        Assert.Contains("loss became", result.Err);
        Assert.False(File.Exists(Path.Combine(_corpus.RunPath("nan"), "result.json")));
    }
}
