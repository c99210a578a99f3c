using NmSparse.Cli.Progress;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Tests;

/// <summary>The plain progress line of a training step.</summary>
public class PlainTrainingObserverTests
{
    private static StepReport Report(string phase, string pattern, double beta) => new(
        Step: 2, TotalSteps: 40, Loss: 5.125, LearningRate: 1e-3, Throughput: 1234,
        Elapsed: TimeSpan.FromSeconds(65), Remaining: TimeSpan.FromMinutes(10), Phase: phase, Pattern: pattern, Beta: beta);

    [Fact]
    public void Describe_SparseStep_ShowsPhasePatternAndBeta()
    {
        Assert.Equal("step 3/40 loss 5.125 lr 1.00E-003 1234 tok/s sparse 2:4 β=0.250 elapsed 00:01:05 eta 00:10:00",
            PlainTrainingObserver.Describe(Report("sparse", "2:4", 0.25)));
    }

    [Fact]
    public void Describe_DenseStep_ShowsDenseWithoutPatternOrBeta()
    {
        // Every step of the dense recipe (and the dense phase of the others) is M:M with β = 1: nothing to show.
        Assert.Equal("step 3/40 loss 5.125 lr 1.00E-003 1234 tok/s dense elapsed 00:01:05 eta 00:10:00",
            PlainTrainingObserver.Describe(Report("dense", "4:4", 1.0)));
    }

    [Fact]
    public void Describe_DenseFineTune_KeepsPatternAndBeta()
    {
        // masked-decay's dense fine-tune is still a fine-tune phase: its M:M and β = 1 are shown.
        Assert.Equal(
            "step 3/40 loss 5.125 lr 1.00E-003 1234 tok/s finetune 4:4 β=1.000 elapsed 00:01:05 eta 00:10:00",
            PlainTrainingObserver.Describe(Report("finetune", "4:4", 1.0)));
    }
}
