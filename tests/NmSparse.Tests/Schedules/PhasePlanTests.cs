using NmSparse.Schedules;

namespace NmSparse.Tests.Schedules;

public class PhasePlanTests
{
    [Theory]
    [InlineData(0L, 0L, 0L, "RecipeSettings.Steps", "RecipeSettings.Steps: must be at least 1 (got 0)")]
    [InlineData(4L, -1L, 0L, "RecipeSettings.DenseSteps", "RecipeSettings.DenseSteps: must not be negative (got -1)")]
    [InlineData(4L, 0L, -3L, "RecipeSettings.FineTuneSteps",
        "RecipeSettings.FineTuneSteps: must not be negative (got -3)")]
    [InlineData(4L, 3L, 2L, "RecipeSettings.DenseSteps",
        "RecipeSettings.DenseSteps (3) + RecipeSettings.FineTuneSteps (2) exceed RecipeSettings.Steps (4)")]
    public void Constructor_BadSplit_ThrowsNamingTheSetting(
        long steps, long dense, long fineTune, string setting, string message)
    {
        var e = Assert.Throws<SettingException>(() => new PhasePlan(steps, dense, fineTune));

        Assert.Equal((setting, message), (e.Setting, e.Message));
    }

    [Fact]
    public void Constructor_DenseAndFineTuneFillAllSteps_LeavesNoSparseStep()
    {
        var plan = new PhasePlan(4, 3, 1);

        Assert.Equal(0, plan.SparseLength);
        Assert.Equal([TrainingPhase.Dense, TrainingPhase.Dense, TrainingPhase.Dense, TrainingPhase.FineTune],
            Enumerable.Range(0, 4).Select(s => plan.PhaseAt(s)));
    }
}
