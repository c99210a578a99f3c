using System.Diagnostics;
using System.Text;
using System.Text.Json;
using NmSparse.Translation.IO;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// Which sweep process trains which run, so several sweeps (two terminals, cluster nodes on a shared filesystem) can
/// work on one sweep folder. A run is claimed by creating RUN/claim.json exclusively (<see cref="FileMode.CreateNew"/>,
/// so of two processes only one succeeds) holding a <see cref="RunClaim"/>, and released when the run ends.
/// A claim is stale when it names this host and neither its sweep process nor its trainer process is alive (a
/// process counts as alive when a process of that pid exists that started no later than the claim recorded it, so
/// a pid reused after a reboot does not keep a claim alive); a stale claim is taken over. A claim of another host
/// is never judged stale (delete its claim.json by hand when that node is gone). An unreadable claim is one being
/// written, stale once it is a minute old. Taking over goes through a second exclusive file (claim.json.takeover) and
/// removes the claim only when it still holds the stale content read, so two processes never both win.
/// </summary>
public sealed class RunClaims
{
    public const string FileName = "claim.json";
    private static readonly TimeSpan UnreadableGrace = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(2);
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _host;
    private readonly int _pid;
    private readonly Func<int, DateTime, bool> _isAlive;
    private readonly TimeProvider _clock;

    /// <param name="host">This host's name.</param>
    /// <param name="pid">This process's id.</param>
    /// <param name="isAlive">Whether a process of this pid, started no later than the time given, runs on this
    /// host (<see cref="ProcessIsAlive"/>; tests pass fakes).</param>
    /// <param name="clock">The time claims record (default: the system clock).</param>
    public RunClaims(string host, int pid, Func<int, DateTime, bool> isAlive, TimeProvider? clock = null)
    {
        _host = host;
        _pid = pid;
        _isAlive = isAlive;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Claims made by this process on this host.</summary>
    public static RunClaims ForThisProcess() => new(Environment.MachineName, Environment.ProcessId, ProcessIsAlive);

    public static string PathOf(RunDirectory run) => Path.Combine(run.Root, FileName);

    /// <summary>Claims <paramref name="run"/> for this process, taking over a stale claim.</summary>
    public ClaimAttempt TryClaim(RunDirectory run)
    {
        string path = PathOf(run);
        RunClaim? takenOver = null;
        bool tookOver = false;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            if (TryCreate(path, Serialize(new RunClaim(_host, _pid, Now))))
                return ClaimAttempt.Won(takenOver, tookOver);
            if (ReadText(path) is not { } text) continue; // released meanwhile: try again
            var holder = Parse(text);
            bool stale = holder is null ? Now - File.GetLastWriteTimeUtc(path) > UnreadableGrace : IsStale(holder);
            if (!stale || !TryRemoveStale(path, text)) return ClaimAttempt.Busy(holder);
            (takenOver, tookOver) = (holder, true);
        }
        return ClaimAttempt.Busy(null);
    }

    /// <summary>Adds the pid of the process that trains the run to this process's claim.</summary>
    public void RecordTrainer(RunDirectory run, int trainerPid)
    {
        string path = PathOf(run);
        if (Read(run) is { } claim && IsMine(claim))
            AtomicFile.WriteText(path, Serialize(claim with { TrainerPid = trainerPid, TrainerStarted = Now }));
    }

    /// <summary>Removes this process's claim of <paramref name="run"/> (a claim another process took over stays).
    /// </summary>
    public void Release(RunDirectory run)
    {
        if (Read(run) is { } claim && IsMine(claim)) File.Delete(PathOf(run));
    }

    /// <summary>The claim of <paramref name="run"/>, or null when there is none or it cannot be read.</summary>
    public static RunClaim? Read(RunDirectory run) => ReadText(PathOf(run)) is { } text ? Parse(text) : null;

    /// <summary>True when <paramref name="claim"/> is of this host and none of its processes is alive.</summary>
    public bool IsStale(RunClaim claim) => claim.Host == _host && !_isAlive(claim.Pid, claim.Started) &&
        !(claim.TrainerPid is { } trainer && _isAlive(trainer, claim.TrainerStarted ?? claim.Started));

    /// <summary>
    /// Whether a process of <paramref name="pid"/> runs here and started no later than <paramref name="startedBy"/>
    /// (UTC, give or take 2 s of clock rounding); true when that cannot be told, so a claim is never taken wrongly.
    /// </summary>
    public static bool ProcessIsAlive(int pid, DateTime startedBy)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && !IsZombie(pid) &&
                process.StartTime.ToUniversalTime() <= startedBy + ClockSlack;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false; // it exited while we looked
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return true;
        }
    }

    /// <summary>
    /// Removes the claim of a run this sweep will not train (finished, diverged) when it is stale, e.g. left by a
    /// killed sweep whose child finished the run; true when it did.
    /// </summary>
    public bool RemoveIfStale(RunDirectory run)
    {
        string path = PathOf(run);
        return ReadText(path) is { } text && Parse(text) is { } claim && IsStale(claim) && TryRemoveStale(path, text);
    }

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    /// <summary>True for a process that has exited but not been reaped (Linux state Z or X in /proc/PID/stat).
    /// </summary>
    private static bool IsZombie(int pid)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int end = stat.LastIndexOf(')');
            return end >= 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // it went away while we looked
        }
    }

    private bool IsMine(RunClaim claim) => claim.Host == _host && claim.Pid == _pid;

    /// <summary>Deletes the claim at <paramref name="path"/> if it still holds <paramref name="staleText"/>.</summary>
    private bool TryRemoveStale(string path, string staleText)
    {
        string takeover = path + ".takeover";
        if (File.Exists(takeover) && Now - File.GetLastWriteTimeUtc(takeover) > UnreadableGrace)
            File.Delete(takeover); // left by a process killed in the middle of a takeover
        if (!TryCreate(takeover, $"{_host} {_pid}\n")) return false; // another process is taking it over
        try
        {
            if (ReadText(path) is { } text && text != staleText) return false;
            File.Delete(path);
            return true;
        }
        finally
        {
            File.Delete(takeover);
        }
    }

    private static bool TryCreate(string path, string text)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            stream.Write(Utf8.GetBytes(text));
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path, Utf8);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static RunClaim? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<RunClaim>(text, Json) is { Host: not null } claim ? claim : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Serialize(RunClaim claim) => JsonSerializer.Serialize(claim, Json) + "\n";
}
