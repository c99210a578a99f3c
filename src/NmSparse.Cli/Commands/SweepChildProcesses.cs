using System.Diagnostics;
using NmSparse.Translation.Study;

namespace NmSparse.Cli.Commands;

/// <summary>
/// Trains each run of a sweep in a child process, <paramref name="jobs"/> at once: <paramref name="command"/> (this
/// CLI, <see cref="SweepChildCommand.ThisCli"/>) followed by <see cref="SweepChildCommand.TrainArguments"/>. The
/// child's output lines (stdout and stderr) go to the run's log (its train.log). Exit 0 is a completed run, exit 3
/// (<see cref="Program.DivergedExitCode"/>) a diverged one, death by SIGINT, SIGKILL or SIGTERM (exit 130, 137, 143:
/// Ctrl+C reaches the children too) an interrupted one, any other exit a failure with the child's error line as
/// message. Cancelling kills the child and its descendants; its run resumes from its last (atomic) checkpoint.
/// </summary>
internal sealed class SweepChildProcesses(IReadOnlyList<string> command, int jobs, int threads, string? device)
    : IRunLauncher
{
    private static readonly int[] SignalExits = [130, 137, 143];
    private static readonly string[] ErrorPrefixes = ["nmsparse: error: ", "nmsparse: training diverged: "];

    public int Jobs => jobs;

    public async Task<RunOutcome> Train(RunJob job, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (string argument in command.Skip(1)) start.ArgumentList.Add(argument);
        foreach (string argument in SweepChildCommand.TrainArguments(job.Run.Root, threads, device))
            start.ArgumentList.Add(argument);
        var errors = new List<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line) job.Log.OnMessage(line);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            job.Log.OnMessage(line);
            lock (errors) errors.Add(line);
        };
        process.Start();
        job.OnProcess?.Invoke(process.Id);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            return RunOutcome.Interrupted;
        }
        lock (errors) return Outcome(process.ExitCode, errors);
    }

    /// <summary>The outcome of a child's exit code and stderr lines (see the class summary).</summary>
    public static RunOutcome Outcome(int exitCode, IReadOnlyList<string> errors)
    {
        if (exitCode == 0) return RunOutcome.Completed;
        if (SignalExits.Contains(exitCode)) return RunOutcome.Interrupted;
        return RunOutcome.Failed(Message(exitCode, errors), exitCode == Program.DivergedExitCode,
            crashed: exitCode != Program.UserErrorExitCode);
    }

    /// <summary>
    /// The last "nmsparse: error: …" or "nmsparse: training diverged: …" line without its prefix (the message a run
    /// trained in-process records), else the exit code and the first error line (an unhandled exception).
    /// </summary>
    private static string Message(int exitCode, IReadOnlyList<string> errors)
    {
        foreach (string line in errors.Reverse())
        {
            if (ErrorPrefixes.FirstOrDefault(p => line.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
                return line[prefix.Length..];
        }
        string? first = errors.FirstOrDefault(l => l.Trim().Length > 0)?.Trim();
        return first is null ? $"exit code {exitCode}" : $"exit code {exitCode}: {first}";
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it had exited already
        }
    }
}
