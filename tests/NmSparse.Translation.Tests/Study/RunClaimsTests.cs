using System.Diagnostics;
using NmSparse.Translation.Study;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Study;

/// <summary>Claims of sweep processes with fake pids: a set of pids stands for the live processes of "here".</summary>
public class RunClaimsTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 2, 1, 0, 0, DateTimeKind.Utc);
    private readonly RunDirectory _run = new(Directory.CreateTempSubdirectory("nmsparse-claim-").FullName);
    private readonly HashSet<int> _alive = [];

    public void Dispose() => Directory.Delete(_run.Root, recursive: true);

    private RunClaims Sweep(int pid, string host = "here") =>
        new(host, pid, (p, _) => _alive.Contains(p), new FixedClock(Now));

    private string ClaimPath => RunClaims.PathOf(_run);

    [Fact]
    public void TryClaim_NoClaim_WritesHostPidAndTime()
    {
        var attempt = Sweep(101).TryClaim(_run);
        Assert.Equal(ClaimAttempt.Won(null, false), attempt);
        Assert.Equal(new RunClaim("here", 101, Now), RunClaims.Read(_run));
        Assert.Null(attempt.TakeoverNote);
    }

    [Fact]
    public void TryClaim_HeldByLiveProcess_BusyNamingTheHolder()
    {
        _alive.Add(101);
        Sweep(101).TryClaim(_run);
        var attempt = Sweep(202).TryClaim(_run);
        Assert.Equal(ClaimAttempt.Busy(new RunClaim("here", 101, Now)), attempt);
        Assert.Equal("elsewhere, here pid 101 since 2026-12-02 01:00:00Z", attempt.ElsewhereNote);
        Assert.Equal(101, RunClaims.Read(_run)!.Pid);
    }

    [Fact]
    public void TryClaim_HolderGoneOnThisHost_TakesOverAndNamesTheStaleHolder()
    {
        Sweep(101).TryClaim(_run); // 101 is not alive
        var attempt = Sweep(202).TryClaim(_run);
        Assert.Equal(ClaimAttempt.Won(new RunClaim("here", 101, Now), true), attempt);
        Assert.Equal("took over the stale claim of here pid 101 since 2026-12-02 01:00:00Z: that process is gone",
            attempt.TakeoverNote);
        Assert.Equal(new RunClaim("here", 202, Now), RunClaims.Read(_run));
        Assert.False(File.Exists(ClaimPath + ".takeover"));
    }

    [Fact]
    public void TryClaim_HeldByAnotherHost_BusyThoughThatPidIsNotAliveHere()
    {
        Sweep(101, host: "node7").TryClaim(_run);
        var attempt = Sweep(202).TryClaim(_run);
        Assert.False(attempt.Claimed);
        Assert.Equal("node7", attempt.Holder!.Host);
    }

    [Fact]
    public void TryClaim_SweepGoneButItsTrainerAlive_Busy()
    {
        var sweep = Sweep(101);
        sweep.TryClaim(_run);
        sweep.RecordTrainer(_run, 555);
        Assert.Equal(new RunClaim("here", 101, Now, 555, Now), RunClaims.Read(_run));
        _alive.Add(555);
        Assert.False(Sweep(202).TryClaim(_run).Claimed);
        _alive.Remove(555);
        var attempt = Sweep(202).TryClaim(_run);
        Assert.True(attempt.Claimed);
        Assert.Equal("took over the stale claim of here pid 101 (trainer pid 555) since 2026-12-02 01:00:00Z: " +
            "those processes are gone", attempt.TakeoverNote);
    }

    [Fact]
    public void RemoveIfStale_StaleClaimRemovedLiveClaimKept()
    {
        Sweep(101).TryClaim(_run);
        _alive.Add(101);
        Assert.False(Sweep(202).RemoveIfStale(_run));
        Assert.True(File.Exists(ClaimPath));
        _alive.Remove(101);
        Assert.True(Sweep(202).RemoveIfStale(_run));
        Assert.False(File.Exists(ClaimPath));
        Assert.False(Sweep(202).RemoveIfStale(_run));
    }

    [Fact]
    public void TryClaim_UnreadableClaim_BusyWhileFreshTakenOverOnceAMinuteOld()
    {
        File.WriteAllText(ClaimPath, "");
        File.SetLastWriteTimeUtc(ClaimPath, Now.AddSeconds(-30));
        Assert.Equal(ClaimAttempt.Busy(null), Sweep(202).TryClaim(_run));
        File.SetLastWriteTimeUtc(ClaimPath, Now.AddMinutes(-2));
        var attempt = Sweep(202).TryClaim(_run);
        Assert.Equal(ClaimAttempt.Won(null, true), attempt);
        Assert.Equal("took over an unreadable stale claim", attempt.TakeoverNote);
    }

    [Fact]
    public void TryClaim_AnotherProcessMidTakeover_BusyAndClaimKept()
    {
        Sweep(101).TryClaim(_run); // stale
        File.WriteAllText(ClaimPath + ".takeover", "here 303\n");
        File.SetLastWriteTimeUtc(ClaimPath + ".takeover", Now);
        Assert.False(Sweep(202).TryClaim(_run).Claimed);
        Assert.Equal(101, RunClaims.Read(_run)!.Pid);
    }

    [Fact]
    public void Release_OwnClaim_RemovesTheFile()
    {
        var sweep = Sweep(101);
        sweep.TryClaim(_run);
        sweep.Release(_run);
        Assert.False(File.Exists(ClaimPath));
    }

    [Fact]
    public void Release_ClaimTakenOverByAnother_LeavesIt()
    {
        var first = Sweep(101);
        first.TryClaim(_run);
        Sweep(202).TryClaim(_run); // 101 looked dead
        first.Release(_run);
        first.RecordTrainer(_run, 555);
        Assert.Equal(new RunClaim("here", 202, Now), RunClaims.Read(_run));
    }

    [Fact]
    public void ProcessIsAlive_ThisProcess_AliveUnlessTheClaimIsOlderThanIt()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var started = self.StartTime.ToUniversalTime();
        Assert.True(RunClaims.ProcessIsAlive(Environment.ProcessId, DateTime.UtcNow));
        // A claim written before this process started names an older process that had this pid.
        Assert.False(RunClaims.ProcessIsAlive(Environment.ProcessId, started.AddMinutes(-1)));
    }

    [Fact]
    public void ProcessIsAlive_ExitedChild_False()
    {
        using var child = System.Diagnostics.Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        child.WaitForExit();
        Assert.False(RunClaims.ProcessIsAlive(child.Id, DateTime.UtcNow));
    }
}
