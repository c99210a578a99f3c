using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// Gathers the runs of a study from folder trees, wherever they were trained: every folder holding a config.json
/// of `nmsparse train` is a run (its cell comes from the config), and a folder with a sweep.json adds its grid's
/// cells that have no folder anywhere as pending, so every run of the grid appears. Copies of one cell in several
/// places count once: the finished one (two finished copies are an error naming both), else the most advanced.
/// Only translation runs and sweeps are collected; runs of other tasks (vision) are reported by their task.
/// </summary>
public static class RunCollector
{
    public static IReadOnlyList<StudyRun> Collect(IEnumerable<string> roots)
    {
        var found = new List<StudyRun>();
        var expected = new List<(StudyCell Cell, RunDirectory Run)>();
        foreach (string root in roots)
        {
            if (!Directory.Exists(root)) throw new UserInputException($"{root}: no such folder");
            if (SweepManifest.Load(root) is { Task: RunConfigFile.TranslationTask } manifest)
            {
                var plan = manifest.Grid.Cells();
                expected.AddRange(StudyQueue.Order(plan, manifest.Grid)
                    .Select(c => (c, new RunDirectory(Path.Combine(root, "runs", c.Name)))));
            }
            found.AddRange(RunFolders(root).Select(folder => new RunDirectory(folder))
                .Where(run => RunConfigFile.TaskOf(run) == RunConfigFile.TranslationTask)
                .Select(StudyRun.Read));
        }
        var byCell = new Dictionary<StudyCell, StudyRun>();
        foreach (var run in found)
            byCell[run.Cell] = byCell.TryGetValue(run.Cell, out var other) ? Pick(other, run) : run;
        var runs = expected.Select(e => byCell.Remove(e.Cell, out var run) ? run : StudyRun.Read(e.Cell, e.Run))
            .DistinctBy(r => r.Cell).ToList();
        runs.AddRange(byCell.Values.OrderBy(r => r.Cell.Seed).ThenBy(r => r.Cell.Name, StringComparer.Ordinal));
        return runs;
    }

    /// <summary>Every folder under <paramref name="root"/> that holds a config.json, in ordinal order.</summary>
    public static IEnumerable<string> RunFolders(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(root, "config.json", options)
            .Select(Path.GetDirectoryName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);
    }

    private static StudyRun Pick(StudyRun a, StudyRun b)
    {
        if (a.Result is not null && b.Result is not null)
            throw new UserInputException(
                $"run {a.Cell.Name} is finished in two folders ({a.Run.Root} and {b.Run.Root}); keep one");
        return Rank(b) > Rank(a) ? b : a;
    }

    private static int Rank(StudyRun run) => run.Status switch
    {
        RunStatus.Done => 3,
        RunStatus.Failed => 2,
        RunStatus.Partial => 1,
        _ => 0,
    };
}
