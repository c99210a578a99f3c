using System.Text.Json.Nodes;
using NmSparse.Translation.Runtime;
using NmSparse.Translation.Study;
using NmSparse.Translation.Tests.Training;

namespace NmSparse.Cli.Tests;

/// <summary>`nmsparse sweep` on the offline tiny corpus: train, rerun, emit jobs and run one.</summary>
[Collection("Sequential")]
public class SweepCommandTests : IDisposable
{
    private readonly TinyCorpus _corpus = new();

    public void Dispose() => _corpus.Dispose();

    private string Out => Path.Combine(_corpus.Root, "sweeps", "s");

    /// <summary>What result.json holds besides the numbers: the time each part took and tokens per second.</summary>
    private static readonly string[] WallTimeFields =
    [
        "TargetTokensPerSecond", "TrainingSeconds", "ValidationSeconds", "CheckpointSeconds", "FinalValidSeconds",
        "TestDecodeSeconds",
    ];

    private string[] SweepArgs(params string[] extra) => SweepArgsTo(Out, extra);

    private string[] SweepArgsTo(string folder, params string[] extra) =>
        ["sweep", "--preset", "tiny", "--recipes", "dense,srste", "--nm", "2:4", "--seeds", "1", "--out", folder,
         "--data", _corpus.Data, "--set", "steps=6", "--set", "batch_tokens=64", "--threads", "1", "--plain",
         .. extra];

    [Fact]
    public void Sweep_RunThenRerun_SecondInvocationTrainsNothing()
    {
        var first = CliRunner.Run(SweepArgs());
        Assert.True(first.Code == 0, first.Err);
        var lines = first.Out.Split('\n');
        Assert.Equal("[1/2] dense-s1 | pending | 0/6", lines[0]);
        Assert.Equal("[2/2] srste-2x4-s1 | pending | 0/6", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("[2/2] srste-2x4-s1 | done | 6/6 | ", StringComparison.Ordinal));
        Assert.Equal($"2 of 2 runs done, 0 failed; report: nmsparse report {Out}", lines[^2]);
        Assert.True(File.Exists(Path.Combine(Out, "runs", "srste-2x4-s1", "train.log")));

        var second = CliRunner.Run(SweepArgs());
        Assert.True(second.Code == 0, second.Err);
        Assert.DoesNotContain("running", second.Out);
        Assert.StartsWith("[1/2] dense-s1 | done | 6/6 | ", second.Out);
    }

    [Fact]
    public void Sweep_PrecisionAuto_PinnedInManifestAndKeptWhenCarriedOn()
    {
        // A sweep created elsewhere resolved auto to bf16; carried on here, its new runs train in bf16 too.
        Directory.CreateDirectory(Out);
        var emit = CliRunner.Run(SweepArgs("--set", "precision=auto", "--emit", "commands"));
        Assert.True(emit.Code == 0, emit.Err);
        string here = SweepManifest.Load(Out)!.Precision!;
        Assert.Equal(PrecisionChoice.NativeBf16("cpu") ? "bf16" : "fp32", here);
        Assert.Equal(here, RunPrecision("srste-2x4-s1"));

        string other = here == "bf16" ? "fp32" : "bf16";
        (SweepManifest.Load(Out)! with { Precision = other }).Save(Out);
        foreach (string run in Directory.GetDirectories(Path.Combine(Out, "runs"))) Directory.Delete(run, true);
        var carried = CliRunner.Run(SweepArgs("--set", "precision=auto", "--emit", "commands"));
        Assert.True(carried.Code == 0, carried.Err);
        Assert.Equal(other, SweepManifest.Load(Out)!.Precision);
        Assert.Equal(other, RunPrecision("srste-2x4-s1"));
    }

    private string RunPrecision(string run) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "runs", run, "config.json")))!["Training"]!["Precision"]!
            .GetValue<string>();

    [Fact]
    public void Sweep_EmitCommands_PrintsOneResumableLinePerRunThatTrainsOnceThenSkips()
    {
        var emit = CliRunner.Run(SweepArgs("--emit", "commands"));
        Assert.True(emit.Code == 0, emit.Err);
        string dense = Path.Combine(Out, "runs", "dense-s1");
        Assert.Equal($"nmsparse train --out {dense} --resume --threads 1\n" +
            $"nmsparse train --out {Path.Combine(Out, "runs", "srste-2x4-s1")} --resume --threads 1\n", emit.Out);

        var train = CliRunner.Run("train", "--out", dense, "--resume", "--threads", "1", "--plain");
        Assert.True(train.Code == 0, train.Err);
        Assert.Contains("recipe dense | preset tiny", train.Out);
        var again = CliRunner.Run("train", "--out", dense, "--resume", "--plain");
        Assert.Equal((0, $"{dense} is finished ({Path.Combine(dense, "result.json")}); nothing to do\n"),
            (again.Code, again.Out));

        var rest = CliRunner.Run(SweepArgs("--emit", "slurm"));
        Assert.Contains("#SBATCH --array=0-0\n", rest.Out);
        Assert.Contains($"  {Path.Combine(Out, "runs", "srste-2x4-s1")}\n)\n", rest.Out);
    }

    [Fact]
    public void Sweep_UnknownRecipe_OneLineErrorExitTwo()
    {
        var result = CliRunner.Run("sweep", "--recipes", "dense,magic", "--out", Out, "--data", _corpus.Data);
        Assert.Equal(2, result.Code);
        Assert.StartsWith("nmsparse: error: study grid: unknown recipe 'magic' (valid: dense, static,", result.Err);
    }

    [Fact]
    public void Sweep_TwoJobsInChildProcesses_ResultFilesBitForBitThoseOfOneJobInProcess()
    {
        string one = Path.Combine(_corpus.Root, "sweeps", "one");
        string two = Path.Combine(_corpus.Root, "sweeps", "two");
        var first = CliRunner.Run(SweepArgsTo(one, "--jobs", "1"));
        Assert.True(first.Code == 0, first.Err);
        var second = CliRunner.Run(SweepArgsTo(two, "--jobs", "2"));
        Assert.True(second.Code == 0, second.Out + second.Err);
        Assert.Equal($"2 of 2 runs done, 0 failed; report: nmsparse report {two}", second.Out.Split('\n')[^2]);
        foreach (string cell in new[] { "dense-s1", "srste-2x4-s1" })
        {
            string a = Path.Combine(one, "runs", cell);
            string b = Path.Combine(two, "runs", cell);
            Assert.Equal(Numbers(Path.Combine(a, "result.json")), Numbers(Path.Combine(b, "result.json")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, "test.hyp.de")),
                File.ReadAllBytes(Path.Combine(b, "test.hyp.de")));
            // Trained by a child `nmsparse train` at one thread: its closing lines are in the run's log.
            string log = File.ReadAllText(Path.Combine(b, "train.log"));
            Assert.Contains("device CPU, 1 threads", log);
            Assert.Contains($"results: {Path.Combine(b, "result.json")}", log);
            Assert.False(File.Exists(Path.Combine(b, RunClaims.FileName)));
        }
    }

    [Fact]
    public void Sweep_JobsZero_OneLineErrorExitTwo()
    {
        var result = CliRunner.Run(SweepArgs("--jobs", "0"));
        Assert.Equal((2, "nmsparse: error: --jobs must be at least 1 (got 0)\n"), (result.Code, result.Err));
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void Sweep_JobsNotAnInteger_ParseErrorExitTwo()
    {
        var result = CliRunner.Run(SweepArgs("--jobs", "two"));
        Assert.Equal((2, "nmsparse: error: Cannot parse argument 'two' for option '--jobs' as expected type " +
            "'System.Int32'.\n"), (result.Code, result.Err));
    }

    /// <summary>result.json without its wall-time fields, as indented JSON text.</summary>
    private static string Numbers(string resultFile)
    {
        var result = JsonNode.Parse(File.ReadAllText(resultFile))!.AsObject();
        foreach (string field in WallTimeFields) Assert.True(result.Remove(field), field);
        return result.ToJsonString();
    }
}
