using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// The layout every task's sweep shares: the sweep folder (sweep.json, runs/CELL), its manifest and the grid's
/// cells in <see cref="StudyQueue"/> order, each cell's folder read as <typeparamref name="TRun"/>, and the check
/// that no started cell would change settings.
/// </summary>
public abstract class SweepFolder<TRun> : ISweepPlan<TRun> where TRun : ISweepRun
{
    protected SweepFolder(string root, SweepManifest manifest)
    {
        manifest.Grid.Validate();
        Root = root;
        Manifest = manifest;
        Queue = StudyQueue.Order(manifest.Grid.Cells(), manifest.Grid);
    }

    public string Root { get; }
    public SweepManifest Manifest { get; }

    /// <summary>Every cell of the grid, in training order.</summary>
    public IReadOnlyList<StudyCell> Queue { get; }

    public RunDirectory RunFor(StudyCell cell) => new(Path.Combine(Root, "runs", cell.Name));

    /// <summary>Writes sweep.json and, for every cell without one, config.json (<see cref="PrepareRun"/>).</summary>
    public void Prepare()
    {
        Manifest.Save(Root);
        foreach (var cell in Queue) PrepareRun(cell, RunFor(cell));
    }

    /// <summary>Current state of every cell, in queue order.</summary>
    public IReadOnlyList<TRun> Runs() => Queue.Select(c => Read(c, RunFor(c))).ToList();

    public abstract TRun Read(StudyCell cell, RunDirectory run);

    /// <summary>Writes the config.json of <paramref name="cell"/> (and what else its run needs) unless it exists.
    /// </summary>
    protected abstract void PrepareRun(StudyCell cell, RunDirectory run);

    /// <summary>
    /// Throws a one-line <see cref="UserInputException"/> for the first cell whose saved config.json differs from
    /// what this sweep would train (<paramref name="difference"/>: the first differing setting, or null).
    /// </summary>
    protected void CheckSavedRuns(Func<StudyCell, RunDirectory, string?> difference)
    {
        foreach (var cell in Queue)
        {
            var run = RunFor(cell);
            if (!File.Exists(run.Config)) continue;
            if (difference(cell, run) is { } found)
                throw new UserInputException(
                    $"{run.Config}: the saved run differs from this sweep's settings ({found}); " +
                    $"use the preset and --set values of {SweepManifest.PathIn(Root)} or another --out");
        }
    }
}
