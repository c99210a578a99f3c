namespace NmSparse.Translation.Tests.Runtime;

public class TorchRuntimeTests
{
    /// <summary>TestSetup calls TorchRuntime.Configure as the CLI does; the test process never sets the variable.</summary>
    [Fact]
    public void Configure_OmpWaitPolicyNotSetByUser_DefaultsToPassive()
    {
        Assert.Equal("PASSIVE", Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"));
    }
}
