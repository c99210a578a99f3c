using NmSparse.Kernels;
using NmSparse.Translation.Runtime;

namespace NmSparse.Translation.Tests.Runtime;

public class MachineDescriptionTests
{
    private const string TwoProcessorCpuInfo =
        "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel\t\t: 106\n" +
        "model name\t: Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz\nflags\t\t: fpu avx2 avx512f\n\n" +
        "processor\t: 1\nvendor_id\t: GenuineIntel\nmodel\t\t: 106\n" +
        "model name\t: Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz\nflags\t\t: fpu avx2 avx512f\n";

    [Fact]
    public void CpuModelOf_TwoProcessorCpuInfo_FirstModelNameTrimmed()
    {
        Assert.Equal("Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz",
            MachineDescription.CpuModelOf(TwoProcessorCpuInfo));
    }

    [Theory]
    [InlineData("processor\t: 0\nFeatures\t: fp asimd bf16\nCPU implementer\t: 0x41\n")]
    [InlineData("processor\t: 0\nmodel\t\t: 106\nmodel name\t:   \n")]
    [InlineData("")]
    [InlineData(null)]
    public void CpuModelOf_NoModelName_Unknown(string? cpuInfo)
    {
        Assert.Equal("unknown", MachineDescription.CpuModelOf(cpuInfo));
    }

    [Theory]
    [InlineData(KernelPath.Avx512, "AVX-512")]
    [InlineData(KernelPath.Avx2, "AVX2")]
    [InlineData(KernelPath.Portable, "portable")]
    public void SimdName_EachPath_ItsName(KernelPath path, string expected)
    {
        Assert.Equal(expected, MachineDescription.SimdName(path));
    }

    [Fact]
    public void Label_Machine_ModelThenPathInParentheses()
    {
        var machine = new MachineDescription("Some CPU @ 2.80GHz", "AVX2", NativeBf16: false, LogicalCores: 2);
        Assert.Equal("Some CPU @ 2.80GHz (AVX2)", machine.Label());
    }

    [Fact]
    public void Current_ThisProcess_BestKernelPathAndProcessorCount()
    {
        var current = MachineDescription.Current;
        Assert.Equal((MachineDescription.SimdName(KernelPaths.Best), Environment.ProcessorCount),
            (current.SimdPath, current.LogicalCores));
        Assert.Equal(MachineDescription.CpuModelOf(Bf16Support.ReadCpuInfo()), current.CpuModel);
    }
}
