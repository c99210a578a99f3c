using NmSparse.Translation.Study;

namespace NmSparse.Translation.Tests.Study;

public class JobScriptTests
{
    private static readonly string[] Runs = ["sweeps/s/runs/dense-s1", "sweeps/s/runs/my run"];

    [Fact]
    public void Commands_TwoRuns_OneResumableTrainLinePerRunWithQuotedPath()
    {
        Assert.Equal(
            "nmsparse train --out sweeps/s/runs/dense-s1 --resume --threads 2\n" +
            "nmsparse train --out 'sweeps/s/runs/my run' --resume --threads 2\n",
            JobScript.Commands(Runs, "--threads 2"));
    }

    [Fact]
    public void Slurm_TwoRuns_ArrayScriptPickingOneRunPerTask()
    {
        Assert.Equal(
            "#!/bin/bash\n" +
            "#SBATCH --job-name=nmsparse-s\n" +
            "#SBATCH --array=0-1\n" +
            "#SBATCH --output=sweeps/s/slurm-%A_%a.log\n" +
            "# 2 runs of sweeps/s; a task rerun resumes or skips its run.\n" +
            "set -euo pipefail\n" +
            "runs=(\n" +
            "  sweeps/s/runs/dense-s1\n" +
            "  'sweeps/s/runs/my run'\n" +
            ")\n" +
            "nmsparse train --out \"${runs[$SLURM_ARRAY_TASK_ID]}\" --resume\n",
            JobScript.Slurm("s", "sweeps/s", Runs));
    }
}
