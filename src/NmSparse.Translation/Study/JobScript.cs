using System.Text;
using System.Text.RegularExpressions;

namespace NmSparse.Translation.Study;

/// <summary>
/// A sweep's unfinished cells as independent jobs for a cluster. Each job is `nmsparse train --out RUN --resume`
/// on a run folder that <see cref="SweepPlan.Prepare"/> has given its config.json: it starts a new run, resumes a
/// killed one and does nothing for a finished one, so any job may be rerun. `nmsparse report` merges the folders.
/// </summary>
public static partial class JobScript
{
    /// <summary>One command per unfinished cell, one a line.</summary>
    public static string Commands(IReadOnlyList<string> runFolders, string extraArguments = "")
    {
        var text = new StringBuilder();
        foreach (string run in runFolders) text.Append(Command(Quote(run), extraArguments)).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// A Slurm array script with one task per unfinished cell (<c>#SBATCH --array=0-K</c>); task i trains folder i.
    /// </summary>
    public static string Slurm(string sweepName, string sweepRoot, IReadOnlyList<string> runFolders,
        string extraArguments = "")
    {
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append($"#SBATCH --job-name=nmsparse-{sweepName}\n");
        text.Append($"#SBATCH --array=0-{runFolders.Count - 1}\n");
        text.Append($"#SBATCH --output={Quote(Path.Combine(sweepRoot, "slurm-%A_%a.log"))}\n");
        text.Append($"# {runFolders.Count} runs of {sweepRoot}; a task rerun resumes or skips its run.\n");
        text.Append("set -euo pipefail\n");
        text.Append("runs=(\n");
        foreach (string run in runFolders) text.Append($"  {Quote(run)}\n");
        text.Append(")\n");
        text.Append(Command("\"${runs[$SLURM_ARRAY_TASK_ID]}\"", extraArguments)).Append('\n');
        return text.ToString();
    }

    private static string Command(string run, string extraArguments) =>
        $"nmsparse train --out {run} --resume" + (extraArguments.Length == 0 ? "" : " " + extraArguments);

    /// <summary>The word as is when it is safe in a shell, else single-quoted.</summary>
    private static string Quote(string word) =>
        SafeWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9_./:=%+-]+$")]
    private static partial Regex SafeWord();
}
