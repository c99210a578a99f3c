using System.Text.Json;
using NmSparse.Translation.IO;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// One run folder of a study as found on disk: its cell, status, saved config (config.json), result (result.json)
/// and, for a failed run, the message in failed.json and whether the run diverged (a diverged run would diverge
/// again, bit for bit; a run stopped by another error is worth retrying).
/// </summary>
public sealed record StudyRun(StudyCell Cell, RunDirectory Run, RunStatus Status, SavedRunConfig? Config,
    RunResult? Result, string? Message, bool Diverged = false) : ISweepRun
{
    private const string FailureFile = "failed.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Total wall time of a finished run: training, validation, checkpoints, final valid and test.</summary>
    public double? WallSeconds => Result?.WallSeconds();

    public long PlannedSteps => Config?.Training.Steps ?? 0;

    public TrainedRunResult? Finished => Result;

    /// <summary>Reads the folder of <paramref name="cell"/> (a missing folder is a pending run).</summary>
    public static StudyRun Read(StudyCell cell, RunDirectory run)
    {
        var config = File.Exists(run.Config) ? SavedRunConfig.Load(run) : null;
        var (status, result, message, diverged) = ReadState<RunResult>(run);
        return new StudyRun(cell, run, status, config, result, message, diverged);
    }

    /// <summary>
    /// The state of any task's run folder: done with its result (result.json as <typeparamref name="T"/>), failed
    /// with the message of failed.json, partial (a last checkpoint) or pending.
    /// </summary>
    public static (RunStatus Status, T? Result, string? Message, bool Diverged) ReadState<T>(RunDirectory run)
        where T : class
    {
        if (ReadResult<T>(run) is { } result) return (RunStatus.Done, result, null, false);
        if (ReadFailure(run) is { } failure) return (RunStatus.Failed, null, failure.Message, failure.Diverged);
        return (File.Exists(run.LastCheckpoint) ? RunStatus.Partial : RunStatus.Pending, null, null, false);
    }

    /// <summary>Reads a run folder made by `nmsparse train` anywhere (its cell comes from config.json).</summary>
    public static StudyRun Read(RunDirectory run)
    {
        var config = SavedRunConfig.Load(run);
        return Read(StudyCell.Of(config.Recipe, config.Training.Seed), run);
    }

    /// <summary>Marks the run failed with <paramref name="message"/> (failed.json).</summary>
    public static void MarkFailed(RunDirectory run, string message, bool diverged) =>
        AtomicFile.WriteText(Path.Combine(run.Root, FailureFile),
            JsonSerializer.Serialize(new FailureRecord(message, diverged), Json));

    /// <summary>The message of failed.json and whether the run diverged, or null when the run has not failed.</summary>
    public static (string Message, bool Diverged)? ReadFailure(RunDirectory run)
    {
        string failure = Path.Combine(run.Root, FailureFile);
        if (!File.Exists(failure)) return null;
        var record = JsonSerializer.Deserialize<FailureRecord>(File.ReadAllText(failure), Json);
        return (record?.Message ?? "failed", record?.Diverged ?? false);
    }

    /// <summary>Forgets a failure before the run is tried again.</summary>
    public static void ClearFailure(RunDirectory run) => File.Delete(Path.Combine(run.Root, FailureFile));

    /// <summary>result.json of <paramref name="run"/> as <typeparamref name="T"/>; null when missing or unreadable.
    /// </summary>
    private static T? ReadResult<T>(RunDirectory run) where T : class
    {
        if (!File.Exists(run.Result)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(run.Result));
        }
        catch (JsonException)
        {
            return null; // unreadable: the run is finished again on resume
        }
    }

    private sealed record FailureRecord(string Message, bool Diverged);
}
