using NmSparse.Translation.Runtime;
using NmSparse.Translation.Training;
using TorchSharp;

namespace NmSparse.Translation.Tests.Runtime;

public class Bf16SupportTests
{
    private const string Expected = "warning: this CPU has no native bf16 (avx512_bf16/amx_bf16); precision bf16 " +
        "runs emulated and slower — set precision=fp32 (--set precision=fp32)";

    /// <summary>Two cores of an x86 /proc/cpuinfo with <paramref name="extra"/> among their flags.</summary>
    private static string X86CpuInfo(string extra) => string.Join('\n', Enumerable.Range(0, 2).Select(core =>
        $"processor\t: {core}\nmodel name\t: Some CPU\nflags\t\t: fpu sse2 avx2 avx512f {extra} avx512vl\n" +
        "bugs\t\t: spectre_v1\n"));

    private const string ArmCpuInfo = "processor\t: 0\nFeatures\t: fp asimd bf16 i8mm\nCPU implementer\t: 0x41\n";

    [Theory]
    [InlineData("avx512_bf16", true)]
    [InlineData("amx_bf16 amx_tile", true)]
    [InlineData("avx512_vnni", false)]
    [InlineData("avx512_bf16x", false)]
    public void CpuHasNative_X86Flags_TrueOnlyForABf16Flag(string extra, bool expected)
    {
        Assert.Equal(expected, Bf16Support.CpuHasNative(X86CpuInfo(extra)));
    }

    [Fact]
    public void CpuHasNative_NoFlagsLineOrNoText_Null()
    {
        Assert.Null(Bf16Support.CpuHasNative(ArmCpuInfo));
        Assert.Null(Bf16Support.CpuHasNative(null));
    }

    [Fact]
    public void Warning_Bf16OnCpuWithoutNativeBf16_ExactLine()
    {
        Assert.Equal(Expected, Bf16Support.Warning("bf16", DeviceType.CPU, () => X86CpuInfo("avx512_vnni")));
    }

    [Fact]
    public void Warning_Bf16OnCpuWithAvx512Bf16OrAmx_Null()
    {
        Assert.Null(Bf16Support.Warning("bf16", DeviceType.CPU, () => X86CpuInfo("avx512_bf16")));
        Assert.Null(Bf16Support.Warning("bf16", DeviceType.CPU, () => X86CpuInfo("amx_bf16")));
    }

    [Fact]
    public void Warning_Fp32OrCudaOrUnknownCpu_NullWithoutReadingCpuInfoWhereNotNeeded()
    {
        string? Unread() => throw new InvalidOperationException("cpuinfo read");

        Assert.Null(Bf16Support.Warning("fp32", DeviceType.CPU, Unread));
        Assert.Null(Bf16Support.Warning("bf16", DeviceType.CUDA, Unread));
        Assert.Null(Bf16Support.Warning("bf16", DeviceType.CPU, () => ArmCpuInfo));
        Assert.Null(Bf16Support.Warning("bf16", DeviceType.CPU, () => null));
    }

    [Fact]
    public void ForRun_Bf16OnCpuWithFakeCpuInfoWithoutBf16_PassesTheWarningOnceAndReturnsCpu()
    {
        var messages = new List<string>();
        var options = new TrainingOptions { Precision = "bf16", Device = "cpu" };

        var device = TorchRuntime.ForRun(options, messages.Add, () => X86CpuInfo("avx2"));

        Assert.Equal(DeviceType.CPU, device.type);
        Assert.Equal([Expected], messages);
    }

    [Fact]
    public void ForRun_Bf16OnCpuWithFakeCpuInfoWithAmx_NoMessage()
    {
        var messages = new List<string>();
        var options = new TrainingOptions { Precision = "bf16", Device = "cpu" };

        TorchRuntime.ForRun(options, messages.Add, () => X86CpuInfo("amx_bf16"));

        Assert.Empty(messages);
    }
}
