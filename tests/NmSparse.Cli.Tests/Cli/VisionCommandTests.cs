using System.Text.Json;
using NmSparse.Translation.Tests.Training;
using NmSparse.Vision.Tests.Data;

namespace NmSparse.Cli.Tests;

/// <summary>train → eval of the vision task through the CLI, on the tiny Fashion-MNIST folder, and its errors.</summary>
[Collection("Sequential")]
public class VisionCommandTests : IDisposable
{
    private readonly TinyFashion _data = new();

    public void Dispose() => _data.Dispose();

    private string[] TrainArgs(string run, params string[] extra) =>
        ["train", "--task", "vit-fashion", "--preset", "tiny", "--recipe", "srste", "--nm", "2:4", "--plain",
         "--data", _data.Data, "--out", _data.RunPath(run), .. extra];

    [Fact]
    public void Train_ThenEval_PrintsAccuracyLinesAndWritesTheResult()
    {
        var train = CliRunner.Run(TrainArgs("cli"));
        Assert.True(train.Code == 0, train.Err);
        Assert.Contains(train.Out.Split('\n'), l => l.StartsWith("recipe srste 2:4 | preset tiny | test accuracy ",
            StringComparison.Ordinal));
        Assert.Contains("step 8/8 loss ", train.Out);
        Assert.Contains(" img/s ", train.Out);
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(_data.RunPath("cli"), "result.json")));
        double accuracy = result.RootElement.GetProperty("TestAccuracy").GetDouble();

        var eval = CliRunner.Run("eval", "--run", _data.RunPath("cli"));

        Assert.True(eval.Code == 0, eval.Err);
        Assert.StartsWith(FormattableString.Invariant($"test: 20 images, top-1 accuracy {accuracy:F2} %, loss "),
            eval.Out);
        Assert.EndsWith("checkpoint last at step 8\n", eval.Out);
        var valid = CliRunner.Run("eval", "--run", _data.RunPath("cli"), "--split", "valid", "--task", "vit-fashion");
        Assert.StartsWith("valid: 10 images, top-1 accuracy ", valid.Out);
    }

    [Fact]
    public void Train_PausedThenResumedWithoutTask_ContinuesTheVisionRunAfterItsBanner()
    {
        var paused = CliRunner.Run(TrainArgs("resume", "--pause-at", "4"));
        Assert.Equal(0, paused.Code);

        var resumed = CliRunner.Run("train", "--resume", "--plain", "--out", _data.RunPath("resume"));

        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Equal("run: recipe srste 2:4, task vit-fashion, preset tiny, precision fp32, seed 1, threads auto → " +
            _data.RunPath("resume"), paused.Out.Split('\n')[0]);
        Assert.Equal("run: resuming recipe srste 2:4, task vit-fashion, preset tiny, precision fp32, seed 1, " +
            $"threads auto → {_data.RunPath("resume")} from step 4", resumed.Out.Split('\n')[0]);
        Assert.Contains("resumed from ", resumed.Out);
        Assert.Contains("step 8/8 loss ", resumed.Out);
        Assert.True(File.Exists(Path.Combine(_data.RunPath("resume"), "result.json")));
    }

    [Fact]
    public void Eval_BeamOnAVisionRun_IsAnError()
    {
        Assert.Equal(0, CliRunner.Run(TrainArgs("beam", "--steps", "2")).Code);

        var eval = CliRunner.Run("eval", "--run", _data.RunPath("beam"), "--beam", "2");

        Assert.Equal(2, eval.Code);
        Assert.Equal("nmsparse: error: --beam and --engine apply to translation runs only\n", eval.Err);
    }

    [Theory]
    [InlineData("--task", "image", "nmsparse: error: --task: 'image' is not one of translation, vit-fashion\n")]
    [InlineData("--preset", "study", "nmsparse: error: unknown preset 'study' (valid: tiny, quick, base)\n")]
    [InlineData("--set", "batch_tokens=3", "nmsparse: error: --set batch_tokens: unknown key")]
    public void Train_BadVisionSetting_OneLineError(string flag, string value, string error)
    {
        var args = TrainArgs("bad").ToList();
        int at = args.IndexOf(flag);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([flag, value]);

        var result = CliRunner.Run(args.ToArray());

        Assert.Equal(2, result.Code);
        Assert.StartsWith(error, result.Err);
    }

    [Fact]
    public void Train_MissingDataFolder_NamesTheFileAndTheDataCommand()
    {
        string missing = Path.Combine(_data.Root, "nothing");

        var result = CliRunner.Run(["train", "--task", "vit-fashion", "--preset", "tiny", "--plain", "--data", missing,
            "--out", _data.RunPath("missing")]);

        Assert.Equal(2, result.Code);
        Assert.StartsWith($"nmsparse: error: {Path.Combine(missing, "train-images-idx3-ubyte.gz")} not found; build " +
            $"the data first: nmsparse data --task fashion-mnist --out {missing}", result.Err);
    }

    [Theory]
    [InlineData("--task", "cifar", "nmsparse: error: --task: 'cifar' is not one of en-de, fashion-mnist\n")]
    [InlineData("--vocab-size", "100", "nmsparse: error: --vocab-size applies to --task en-de only\n")]
    public void Data_BadTaskOrFlag_OneLineError(string flag, string value, string error)
    {
        var args = new List<string> { "data", "--out", Path.Combine(_data.Root, "out") };
        if (flag != "--task") args.AddRange(["--task", "fashion-mnist"]);
        args.AddRange([flag, value]);

        var result = CliRunner.Run(args.ToArray());

        Assert.Equal((2, error), (result.Code, result.Err));
    }

    [Fact]
    public void Sweep_TwoRecipes_TrainsBothAndReportShowsTheVisionTable()
    {
        string sweep = Path.Combine(_data.Root, "sweep");

        var run = CliRunner.Run("sweep", "--task", "vit-fashion", "--preset", "tiny", "--recipes", "dense,srste",
            "--nm", "2:4", "--data", _data.Data, "--out", sweep, "--set", "steps=2", "--plain");

        Assert.True(run.Code == 0, run.Err);
        Assert.Matches(@"\[1/2\] dense-s1 \| done \| 2/2 \| \d+\.\d\d \| \d+\.\d{3} \| \d\.\d{3}E\+\d{3} \(1\.000\) \| " +
            @"sweep ETA \d\d:\d\d:\d\d\n", run.Out);
        Assert.Contains("2 of 2 runs done, 0 failed", run.Out);
        var report = CliRunner.Run("report", sweep);
        Assert.True(report.Code == 0, report.Err);
        Assert.Equal($"2 vision runs: {Path.Combine(sweep, "report", "vision-results.csv")}, " +
            $"{Path.Combine(sweep, "report", "report.md")}\n", report.Out);
        var csv = File.ReadAllLines(Path.Combine(sweep, "report", "vision-results.csv"));
        Assert.Equal("recipe,nm,seed,status,test_accuracy,valid_accuracy,valid_loss,flop_ratio,steps", csv[0]);
        Assert.StartsWith("dense,dense,1,done,", csv[1]);
        Assert.EndsWith(",1.000,2", csv[1]);
        Assert.StartsWith("srste,2:4,1,done,", csv[2]);
        string markdown = File.ReadAllText(Path.Combine(sweep, "report", "report.md"));
        Assert.Contains("| recipe | N:M | seed | status | test top-1 % | valid top-1 % | valid loss | FLOPs vs dense |",
            markdown);
        Assert.Contains("| srste | 2:4 | 1 | done | ", markdown);
    }

    [Fact]
    public void Sweep_TwoJobs_TrainsEachCellInAChildTrainProcess()
    {
        string sweep = Path.Combine(_data.Root, "jobs");

        var run = CliRunner.Run("sweep", "--task", "vit-fashion", "--preset", "tiny", "--recipes", "dense,srste",
            "--nm", "2:4", "--data", _data.Data, "--out", sweep, "--set", "steps=2", "--jobs", "2", "--threads", "1", "--plain");

        Assert.True(run.Code == 0, run.Out + run.Err);
        Assert.Equal($"2 of 2 runs done, 0 failed; report: nmsparse report {sweep}", run.Out.Split('\n')[^2]);
        string dense = Path.Combine(sweep, "runs", "dense-s1");
        var log = File.ReadAllLines(Path.Combine(dense, "train.log"));
        Assert.Equal($"run: recipe dense, task vit-fashion, preset tiny, precision fp32, seed 1, threads 1 → {dense}",
            log[0]);
        Assert.Contains($"results: {Path.Combine(dense, "result.json")}", log);
    }

    [Fact]
    public void Sweep_EmitCommands_PrintsOneResumeLinePerUnfinishedRunAndKeepsTheFolderVisionOnly()
    {
        string sweep = Path.Combine(_data.Root, "emit");

        var run = CliRunner.Run("sweep", "--task", "vit-fashion", "--preset", "tiny", "--recipes", "dense",
            "--seeds", "2", "--data", _data.Data, "--out", sweep, "--emit", "commands");

        Assert.True(run.Code == 0, run.Err);
        Assert.Equal(2, run.Out.Split('\n').Count(l => l.Contains("--resume", StringComparison.Ordinal)));
        Assert.Contains(Path.Combine(sweep, "runs", "dense-s2"), run.Out);
        using var corpus = new TinyCorpus();
        var other = CliRunner.Run("sweep", "--preset", "tiny", "--recipes", "dense", "--out", sweep, "--emit",
            "commands", "--data", corpus.Data);
        Assert.Equal((2, $"nmsparse: error: {Path.Combine(sweep, "sweep.json")}: a 'vit-fashion' sweep, not a " +
            "translation sweep; choose another --out\n"), (other.Code, other.Err));
    }
}
