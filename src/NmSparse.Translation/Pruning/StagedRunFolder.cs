namespace NmSparse.Translation.Pruning;

/// <summary>
/// Builds a new run folder in a hidden sibling and renames it into place only when complete, so the target holds
/// either nothing or a whole run. The target must not exist or be an empty folder.
/// </summary>
public sealed class StagedRunFolder : IDisposable
{
    private readonly string _target;
    private bool _committed;

    private StagedRunFolder(string target, string staging)
    {
        _target = target;
        Staging = staging;
    }

    /// <summary>The folder to write into until <see cref="Commit"/>.</summary>
    public string Staging { get; }

    /// <summary>Throws a one-line <see cref="UserInputException"/> unless <paramref name="target"/> is empty.</summary>
    public static void RequireEmpty(string target)
    {
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
            throw new UserInputException($"{target}: already exists and is not empty; prune into a new folder");
    }

    public static StagedRunFolder Create(string target)
    {
        RequireEmpty(target);
        string full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        string staging = Path.Combine(parent, $".{Path.GetFileName(full)}.{Environment.ProcessId}.nmsparse-tmp");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        return new StagedRunFolder(full, staging);
    }

    /// <summary>Renames the staging folder to the target.</summary>
    public void Commit()
    {
        RequireEmpty(_target);
        if (Directory.Exists(_target)) Directory.Delete(_target);
        Directory.Move(Staging, _target);
        _committed = true;
    }

    /// <summary>Removes the staging folder unless it was committed.</summary>
    public void Dispose()
    {
        if (!_committed && Directory.Exists(Staging)) Directory.Delete(Staging, recursive: true);
    }
}
