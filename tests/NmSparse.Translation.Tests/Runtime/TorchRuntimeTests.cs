namespace NmSparse.Translation.Tests.Runtime;

public class TorchRuntimeTests
{
    /// <summary>TestSetup calls TorchRuntime.Configure as the CLI does; the test process never sets the variables.</summary>
    [Fact]
    public void Configure_OpenMpWaitNotSetByUser_SpinsOneThousandIterationsThenSleeps()
    {
        Assert.Equal("ACTIVE", Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"));
        Assert.Equal("1000", Environment.GetEnvironmentVariable("GOMP_SPINCOUNT"));
    }
}
