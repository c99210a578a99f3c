using NmSparse.Cli.Commands;

namespace NmSparse.Cli.Tests;

/// <summary>How the sweep starts this CLI again for a child run, and with which arguments.</summary>
public class SweepChildCommandTests
{
    [Fact]
    public void Resolve_RunByTheDotnetHost_DotnetAndTheCliAssembly()
    {
        Assert.Equal(["/usr/share/dotnet/dotnet", "/app/NmSparse.Cli.dll"],
            SweepChildCommand.Resolve("/usr/share/dotnet/dotnet", "/app/NmSparse.Cli.dll", "/other/dotnet"));
    }

    [Fact]
    public void Resolve_ClisOwnExecutable_ItAlone()
    {
        Assert.Equal(["/app/NmSparse.Cli"],
            SweepChildCommand.Resolve("/app/NmSparse.Cli", "/app/NmSparse.Cli.dll", "/usr/bin/dotnet"));
        Assert.Equal(["/home/u/.dotnet/tools/nmsparse"],
            SweepChildCommand.Resolve("/home/u/.dotnet/tools/nmsparse", "/store/NmSparse.Cli.dll", null));
        Assert.Equal(["/app/nmsparse-single"], SweepChildCommand.Resolve("/app/nmsparse-single", "", null));
    }

    [Fact]
    public void Resolve_AnotherHostLoadedTheCli_DotnetHostPathElseDotnetWithTheCliAssembly()
    {
        Assert.Equal(["/usr/lib/dotnet/dotnet", "/bin/NmSparse.Cli.dll"],
            SweepChildCommand.Resolve("/bin/testhost", "/bin/NmSparse.Cli.dll", "/usr/lib/dotnet/dotnet"));
        Assert.Equal(["dotnet", "/bin/NmSparse.Cli.dll"],
            SweepChildCommand.Resolve("/bin/testhost", "/bin/NmSparse.Cli.dll", null));
    }

    [Fact]
    public void TrainArguments_ThreadsAndDevice_ResumableTrainOfTheRunFolderInPlainLines()
    {
        Assert.Equal(["train", "--out", "/s/runs/dense-s1", "--resume", "--threads", "1", "--plain"],
            SweepChildCommand.TrainArguments("/s/runs/dense-s1", 1, null));
        Assert.Equal(["train", "--out", "r", "--resume", "--threads", "4", "--device", "cuda", "--plain"],
            SweepChildCommand.TrainArguments("r", 4, "cuda"));
    }

    [Fact]
    public void Threads_NoFlag_CoresSharedByTheJobsAtLeastOne()
    {
        Assert.Equal(1, SweepChildCommand.Threads(null, cores: 2, jobs: 2));
        Assert.Equal(2, SweepChildCommand.Threads(null, cores: 8, jobs: 3));
        Assert.Equal(1, SweepChildCommand.Threads(null, cores: 2, jobs: 4));
        Assert.Equal(3, SweepChildCommand.Threads(3, cores: 2, jobs: 2));
    }
}
