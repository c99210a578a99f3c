using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Study;
using NmSparse.Translation.Tests.Training;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Study;

/// <summary>
/// The sweep's claims and scheduling with a launcher that trains nothing (<see cref="FakeLauncher"/>) and fake pids:
/// this sweep is pid 202 on "here"; pids in <see cref="_alive"/> are live processes of "here".
/// </summary>
public class SweepRunnerClaimTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 2, 1, 0, 0, DateTimeKind.Utc);
    private const string Since = "since 2026-12-02 01:00:00Z";
    private readonly TinyCorpus _corpus = new();
    private readonly HashSet<int> _alive = [];
    private readonly SweepPlan _plan;

    public SweepRunnerClaimTests()
    {
        var training = TrainingPresets.Get("tiny") with { Steps = 8, BatchTokens = 64, Threads = 1 };
        _plan = SweepPlan.Open(Path.Combine(_corpus.Root, "sweeps", "s"),
            new SweepManifest(new StudyGrid(["srste", "mask-decay"], [new NmPattern(2, 4)], 1), "tiny", [], false),
            training, new RecipeSettings(), _corpus.Data);
        _plan.Prepare();
    }

    public void Dispose() => _corpus.Dispose();

    private RunDirectory Srste => _plan.RunFor(_plan.Queue[0]);
    private RunDirectory MaskDecay => _plan.RunFor(_plan.Queue[1]);

    private RunClaims Claims(int pid) => new("here", pid, (p, _) => _alive.Contains(p), new FixedClock(Now));

    [Fact]
    public void Run_CellClaimedByLiveProcess_SkipsItAndShowsItRunningElsewhere()
    {
        _alive.Add(101);
        Claims(101).TryClaim(Srste);
        var observer = new RecordingSweepObserver();
        var launcher = new FakeLauncher();
        var runner = new SweepRunner<StudyRun>(_plan, observer, launcher, Claims(202));
        runner.Run();
        Assert.Equal(["mask-decay-2x4-s1"], launcher.Names);
        Assert.Contains($"srste-2x4-s1 running: elsewhere, here pid 101 {Since}", observer.Changes);
        Assert.Equal(["srste-2x4-s1"], runner.Elsewhere.Select(c => c.Name));
        Assert.Equal(101, RunClaims.Read(Srste)!.Pid);
        Assert.False(File.Exists(RunClaims.PathOf(MaskDecay)));
    }

    [Fact]
    public void Run_StaleClaim_TakesItOverAndSaysSoInTheRunLogAndTable()
    {
        Claims(101).TryClaim(Srste); // 101 was killed (-9): its claim stayed
        var observer = new RecordingSweepObserver();
        var launcher = new FakeLauncher();
        new SweepRunner<StudyRun>(_plan, observer, launcher, Claims(202)).Run();
        string note = $"took over the stale claim of here pid 101 {Since}: that process is gone";
        Assert.Equal(["srste-2x4-s1", "mask-decay-2x4-s1"], launcher.Names);
        Assert.Equal(note, observer.Logs["srste-2x4-s1"][0]);
        Assert.Contains($"srste-2x4-s1 running: {note}", observer.Changes);
        Assert.False(File.Exists(RunClaims.PathOf(Srste)));
    }

    [Fact]
    public void Run_DivergedCellWithAStaleClaim_TrainsItNotAndRemovesTheClaim()
    {
        StudyRun.MarkFailed(Srste, "training diverged at step 3", diverged: true);
        Claims(101).TryClaim(Srste); // the sweep that ran it was killed after the run had ended
        var launcher = new FakeLauncher();
        new SweepRunner<StudyRun>(_plan, new RecordingSweepObserver(), launcher, Claims(202)).Run();
        Assert.Equal(["mask-decay-2x4-s1"], launcher.Names);
        Assert.False(File.Exists(RunClaims.PathOf(Srste)));
    }

    [Fact]
    public void Run_RunFailsOrIsInterrupted_ClaimHeldWhileTrainingRemovedAfterFailureMarkedOnlyForTheFailed()
    {
        var held = new List<RunClaim?>();
        var launcher = new FakeLauncher(train: (job, _) =>
        {
            held.Add(RunClaims.Read(job.Run));
            return Task.FromResult(job.Run == Srste ? RunOutcome.Failed("disk full", false) : RunOutcome.Interrupted);
        });
        var observer = new RecordingSweepObserver();
        var runs = new SweepRunner<StudyRun>(_plan, observer, launcher, Claims(202)).Run();
        Assert.Equal([new RunClaim("here", 202, Now), new RunClaim("here", 202, Now)], held);
        Assert.False(File.Exists(RunClaims.PathOf(Srste)));
        Assert.False(File.Exists(RunClaims.PathOf(MaskDecay)));
        Assert.Equal((RunStatus.Failed, "disk full", false), (runs[0].Status, runs[0].Message, runs[0].Diverged));
        Assert.Equal(["failed: disk full"], observer.Logs["srste-2x4-s1"]);
        Assert.Equal((RunStatus.Pending, null), (runs[1].Status, runs[1].Message));
        Assert.Equal(["interrupted; the next sweep resumes the run from its last checkpoint"],
            observer.Logs["mask-decay-2x4-s1"]);
    }

    [Fact]
    public void Run_RunCrashesOnce_RelaunchedFromItsCheckpointAndDone()
    {
        int srsteLaunches = 0;
        var launcher = new FakeLauncher(train: (job, _) => Task.FromResult(job.Run == Srste && ++srsteLaunches == 1
            ? RunOutcome.Failed("exit code 134: Unhandled exception", diverged: false, crashed: true)
            : RunOutcome.Completed));
        var observer = new RecordingSweepObserver();
        new SweepRunner<StudyRun>(_plan, observer, launcher, Claims(202)).Run();
        Assert.Equal(["srste-2x4-s1", "srste-2x4-s1", "mask-decay-2x4-s1"], launcher.Names);
        Assert.Equal(["failed: exit code 134: Unhandled exception; crashed, so retrying from the last checkpoint " +
            "(retry 1 of 2)"], observer.Logs["srste-2x4-s1"]);
        Assert.False(File.Exists(RunClaims.PathOf(Srste)));
    }

    [Fact]
    public void Run_RunCrashesEveryTime_TriedThreeTimesThenLeftFailed()
    {
        var launcher = new FakeLauncher(train: (job, _) => Task.FromResult(job.Run == Srste
            ? RunOutcome.Failed("exit code 134: boom", diverged: false, crashed: true)
            : RunOutcome.Completed));
        var runs = new SweepRunner<StudyRun>(_plan, new RecordingSweepObserver(), launcher, Claims(202)).Run();
        Assert.Equal(["srste-2x4-s1", "srste-2x4-s1", "srste-2x4-s1", "mask-decay-2x4-s1"], launcher.Names);
        Assert.Equal((RunStatus.Failed, "exit code 134: boom"), (runs[0].Status, runs[0].Message));
    }

    [Fact]
    public void Run_LauncherThrows_RunFailedWithTheMessageAndClaimRemoved()
    {
        var launcher = new FakeLauncher(train: (_, _) =>
            Task.FromException<RunOutcome>(new IOException("cannot start the trainer")));
        var runs = new SweepRunner<StudyRun>(_plan, new RecordingSweepObserver(), launcher, Claims(202)).Run();
        Assert.All(runs, r => Assert.Equal((RunStatus.Failed, "cannot start the trainer"), (r.Status, r.Message)));
        Assert.False(File.Exists(RunClaims.PathOf(Srste)));
    }

    [Fact]
    public void Run_TrainerInItsOwnProcess_ClaimRecordsItsPid()
    {
        var held = new List<RunClaim?>();
        var launcher = new FakeLauncher(train: (job, _) =>
        {
            job.OnProcess!(4242);
            held.Add(RunClaims.Read(job.Run));
            return Task.FromResult(RunOutcome.Completed);
        });
        new SweepRunner<StudyRun>(_plan, new RecordingSweepObserver(), launcher, Claims(202)).Run();
        Assert.Equal(new RunClaim("here", 202, Now, 4242, Now), held[0]);
    }

    [Fact]
    public void Run_TwoJobs_LaunchesTheSecondRunBeforeTheFirstEnds()
    {
        var first = new TaskCompletionSource<RunOutcome>();
        bool firstOpenAtSecond = false;
        var launcher = new FakeLauncher(jobs: 2, train: (job, _) =>
        {
            if (job.Run == Srste) return Task.WhenAny(first.Task, Safety()).Unwrap();
            firstOpenAtSecond = !first.Task.IsCompleted;
            first.SetResult(RunOutcome.Completed);
            return Task.FromResult(RunOutcome.Completed);
        });
        new SweepRunner<StudyRun>(_plan, new RecordingSweepObserver(), launcher, Claims(202)).Run();
        Assert.Equal(["srste-2x4-s1", "mask-decay-2x4-s1"], launcher.Names);
        Assert.True(firstOpenAtSecond);
    }

    [Fact]
    public void Run_CancelledDuringTheFirstRun_StopsItAndStartsNoMore()
    {
        using var cancel = new CancellationTokenSource();
        var launcher = new FakeLauncher(train: (_, token) =>
        {
            var ended = new TaskCompletionSource<RunOutcome>();
            token.Register(() => ended.SetResult(RunOutcome.Interrupted));
            cancel.Cancel(); // Ctrl+C while the run trains
            return Task.WhenAny(ended.Task, Safety()).Unwrap();
        });
        var runs = new SweepRunner<StudyRun>(_plan, new RecordingSweepObserver(), launcher, Claims(202))
            .Run(cancel.Token);
        Assert.Equal(["srste-2x4-s1"], launcher.Names);
        Assert.Equal([RunStatus.Pending, RunStatus.Pending], runs.Select(r => r.Status));
        Assert.False(File.Exists(RunClaims.PathOf(Srste)));
    }

    /// <summary>Ends a fake run that the sweep wrongly never lets end, so the test fails instead of hanging.</summary>
    private static async Task<RunOutcome> Safety()
    {
        await Task.Delay(TimeSpan.FromSeconds(60));
        return RunOutcome.Failed("the sweep never let this run end", false);
    }
}
