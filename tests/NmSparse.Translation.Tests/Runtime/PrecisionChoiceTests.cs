using NmSparse.Translation.Models;
using NmSparse.Translation.Runtime;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Runtime;

public class PrecisionChoiceTests
{
    private const string Avx512Bf16Cpu = "processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512_bf16\n";
    private const string Avx2Cpu = "processor\t: 0\nflags\t\t: fpu sse4_2 avx2 fma f16c\n";

    private static TrainingOptions Cpu(string precision) =>
        TrainingPresets.Get("tiny") with { Precision = precision, Device = "cpu" };

    [Theory]
    [InlineData(Avx512Bf16Cpu, "bf16")]
    [InlineData(Avx2Cpu, "fp32")]
    [InlineData("", "fp32")] // features unknown: the choice that is never slow
    public void Resolve_AutoOnCpu_Bf16OnlyWhereNative(string cpuInfo, string expected)
    {
        var resolved = PrecisionChoice.Resolve(Cpu("auto"), () => cpuInfo);
        Assert.Equal(expected, resolved.Precision);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Cpu(expected)),
            System.Text.Json.JsonSerializer.Serialize(resolved)); // nothing else changed
    }

    [Theory]
    [InlineData("fp32")]
    [InlineData("bf16")]
    public void Resolve_ExplicitPrecision_KeptWithoutReadingTheCpu(string precision)
    {
        var options = Cpu(precision);
        Assert.Same(options, PrecisionChoice.Resolve(options,
            () => throw new InvalidOperationException("an explicit precision must not read the CPU")));
    }

    [Fact]
    public void Validate_Auto_Accepted()
    {
        Cpu("auto").Validate();
        Assert.Equal(
            PrecisionChoice.NativeBf16("cpu") ? ComputePrecision.BFloat16 : ComputePrecision.Float32,
            Cpu("auto").ParsePrecision());
    }
}
