using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// What a <see cref="SweepRunner{TRun}"/> trains, for any task: the cells' folders, prepared (sweep.json and every
/// config.json written) before the first run, and read back as <typeparamref name="TRun"/>.
/// </summary>
public interface ISweepPlan<out TRun> where TRun : ISweepRun
{
    /// <summary>Writes sweep.json and every missing config.json.</summary>
    void Prepare();

    /// <summary>Current state of every cell, in queue order.</summary>
    IReadOnlyList<TRun> Runs();

    /// <summary>Current state of <paramref name="cell"/>'s folder <paramref name="run"/>.</summary>
    TRun Read(StudyCell cell, RunDirectory run);
}
