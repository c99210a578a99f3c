using NmSparse.Cli.Commands;
using NmSparse.Cli.Progress;
using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Study;
using NmSparse.Translation.Tests.Training;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Tests;

/// <summary>
/// The sweep's child processes with a shell script standing in for the CLI (it trains nothing): what each child is
/// given, where its output goes and how its exit is read.
/// </summary>
[Collection("Sequential")]
public class SweepChildProcessesTests : IDisposable
{
    private readonly TinyCorpus _corpus = new();
    private readonly SweepPlan _plan;

    public SweepChildProcessesTests()
    {
        var training = TrainingPresets.Get("tiny") with { Steps = 6, BatchTokens = 64 };
        _plan = SweepPlan.Open(Path.Combine(_corpus.Root, "sweeps", "s"),
            new SweepManifest(new StudyGrid(["dense", "srste"], [new NmPattern(2, 4)], 1), "tiny", [], false),
            training, new RecipeSettings(), _corpus.Data);
    }

    public void Dispose() => _corpus.Dispose();

    private static string[] Shell(string script) => ["/bin/sh", "-c", script, "nmsparse"];

    private IReadOnlyList<StudyRun> Sweep(string script, int jobs = 2)
    {
        using var observer = new PlainSweepObserver(TextWriter.Null);
        return new SweepRunner<StudyRun>(_plan, observer, new SweepChildProcesses(Shell(script), jobs, 1, "cpu")).Run();
    }

    private string[] TrainLog(string cell) =>
        File.ReadAllLines(Path.Combine(_plan.Root, "runs", cell, "train.log"));

    [Fact]
    public void Run_TwoJobs_EachChildGetsItsResumableTrainCommandAndItsOutputGoesToTheRunsTrainLog()
    {
        var runs = Sweep("echo \"$*\"; echo to-stderr >&2");
        foreach (string cell in new[] { "dense-s1", "srste-2x4-s1" })
        {
            string run = Path.Combine(_plan.Root, "runs", cell);
            Assert.Equal(["to-stderr", $"train --out {run} --resume --threads 1 --device cpu --plain"],
                TrainLog(cell).Order(StringComparer.Ordinal));
            Assert.False(File.Exists(Path.Combine(run, RunClaims.FileName)));
        }
        Assert.Equal([RunStatus.Pending, RunStatus.Pending], runs.Select(r => r.Status)); // nothing was trained
    }

    [Fact]
    public void Run_ChildReportsAnError_RunFailedWithThatMessageAndLogged()
    {
        var runs = Sweep("echo 'nmsparse: error: disk full' >&2; exit 2", jobs: 1);
        Assert.All(runs, r => Assert.Equal((RunStatus.Failed, "disk full", false), (r.Status, r.Message, r.Diverged)));
        Assert.Equal(["nmsparse: error: disk full", "failed: disk full"], TrainLog("dense-s1"));
    }

    [Fact]
    public void Run_ChildKilledBySigterm_InterruptedNotFailed()
    {
        var runs = Sweep("kill -TERM $$");
        Assert.Equal([RunStatus.Pending, RunStatus.Pending], runs.Select(r => r.Status));
        Assert.Equal(["interrupted; the next sweep resumes the run from its last checkpoint"], TrainLog("dense-s1"));
    }

    [Fact]
    public async Task Train_Cancelled_KillsTheChildAndEndsInterrupted()
    {
        _plan.Prepare();
        var run = _plan.RunFor(_plan.Queue[0]);
        var started = new TaskCompletionSource<int>();
        using var cancel = new CancellationTokenSource();
        var launcher = new SweepChildProcesses(Shell("sleep 300"), 1, 1, null);
        var job = new RunJob(_plan.Queue[0], run, false, new PlainTrainingObserver(TextWriter.Null),
            pid => started.SetResult(pid));
        var training = launcher.Train(job, cancel.Token);
        int pid = await started.Task;
        Assert.True(RunClaims.ProcessIsAlive(pid, DateTime.UtcNow));
        cancel.Cancel();
        Assert.Equal(RunOutcome.Interrupted, await training);
        Assert.False(RunClaims.ProcessIsAlive(pid, DateTime.UtcNow));
    }

    [Fact]
    public void Outcome_ExitCodes_CompletedDivergedInterruptedOrFailedWithTheErrorLineCrashedUnlessUserError()
    {
        Assert.Equal(RunOutcome.Completed, SweepChildProcesses.Outcome(0, ["warning"]));
        Assert.Equal(RunOutcome.Failed("r/x.ckpt: not an NmSparse checkpoint", false),
            SweepChildProcesses.Outcome(2, ["nmsparse: error: r/x.ckpt: not an NmSparse checkpoint"]));
        Assert.Equal(RunOutcome.Failed("loss is NaN at step 3", true),
            SweepChildProcesses.Outcome(3, ["nmsparse: training diverged: loss is NaN at step 3"]));
        Assert.Equal(RunOutcome.Failed("exit code 134: Unhandled exception. System.IO.IOException: disk full", false,
                crashed: true),
            SweepChildProcesses.Outcome(134, ["", "Unhandled exception. System.IO.IOException: disk full", "  at X"]));
        Assert.Equal(RunOutcome.Failed("exit code 1", false, crashed: true), SweepChildProcesses.Outcome(1, []));
        Assert.All(new[] { 130, 137, 143 },
            code => Assert.Equal(RunOutcome.Interrupted, SweepChildProcesses.Outcome(code, [])));
    }
}
