using NmSparse.Translation.Study;

namespace NmSparse.Translation.Tests.Study;

/// <summary>
/// A launcher that trains nothing: it records each job and ends it as <paramref name="train"/> says (default:
/// completed at once), so tests of the sweep's scheduling and claims run without training.
/// </summary>
internal sealed class FakeLauncher(int jobs = 1, Func<RunJob, CancellationToken, Task<RunOutcome>>? train = null)
    : IRunLauncher
{
    public List<RunJob> Launched { get; } = [];

    public int Jobs => jobs;

    public Task<RunOutcome> Train(RunJob job, CancellationToken cancel)
    {
        lock (Launched) Launched.Add(job);
        return train?.Invoke(job, cancel) ?? Task.FromResult(RunOutcome.Completed);
    }

    public List<string> Names
    {
        get
        {
            lock (Launched) return Launched.Select(j => j.Cell.Name).ToList();
        }
    }
}
