using NmSparse.Translation.Tests.Training;

namespace NmSparse.Cli.Tests;

/// <summary>`nmsparse report` over a tiny sweep.</summary>
[Collection("Sequential")]
public class ReportCommandTests : IDisposable
{
    private readonly TinyCorpus _corpus = new();

    public void Dispose() => _corpus.Dispose();

    [Fact]
    public void Report_TinySweep_WritesCsvMarkdownAndPrintsEveryClaim_TuningFolderAddsItsSection()
    {
        string sweep = Path.Combine(_corpus.Root, "sweeps", "r");
        var run = CliRunner.Run("sweep", "--preset", "tiny", "--recipes", "dense,srste", "--nm", "1:8", "--out", sweep,
            "--data", _corpus.Data, "--set", "steps=4", "--set", "batch_tokens=64", "--threads", "1", "--plain");
        Assert.True(run.Code == 0, run.Err);

        var report = CliRunner.Run("report", sweep);
        Assert.True(report.Code == 0, report.Err);
        string outDir = Path.Combine(sweep, "report");
        var lines = report.Out.Split('\n');
        Assert.Equal($"2 runs: {Path.Combine(outDir, "results.csv")}, {Path.Combine(outDir, "report.md")}", lines[0]);
        Assert.StartsWith("regime check (valid set): dense beats srste 1:8", lines[1][(lines[1].IndexOf(':') + 2)..]);
        Assert.Equal("cannot be judged: at 1:8 the best decay recipe is ≥ srste + 1.0 BLEU", lines[2]);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(outDir, "results.csv")).Length);
        Assert.True(File.Exists(Path.Combine(outDir, "nm_schedule.png")));

        string tuned = Path.Combine(_corpus.Root, "tuned");
        var withTuning = CliRunner.Run("report", sweep, "--tuning", Path.Combine(sweep, "runs"), "--out", tuned);
        Assert.True(withTuning.Code == 0, withTuning.Err);
        Assert.Contains($"## Defaults tuned on the valid set\n\nRuns from `{Path.Combine(sweep, "runs")}`: 2 runs, 2 " +
            "finished.", File.ReadAllText(Path.Combine(tuned, "report.md")));
    }

    [Fact]
    public void Report_FolderWithoutRuns_OneLineErrorExitTwo()
    {
        var report = CliRunner.Run("report", _corpus.Data);
        Assert.Equal(2, report.Code);
        Assert.Equal($"nmsparse: error: no runs (folders with config.json) under {_corpus.Data}\n", report.Err);
    }
}
