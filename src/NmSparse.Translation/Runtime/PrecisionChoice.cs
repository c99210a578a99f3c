using NmSparse.Translation.Training;
using TorchSharp;

namespace NmSparse.Translation.Runtime;

/// <summary>
/// Resolves <c>precision: auto</c> once, when a run (or a sweep) is created: bf16 where its GEMMs run natively (a
/// CUDA device, or a CPU with avx512_bf16/amx_bf16), fp32 everywhere else. On a CPU without native bf16 libtorch
/// falls back to a scalar bfloat16 GEMM that was 21× slower than fp32 on an AVX2 EPYC, so "auto" keeps the quick
/// and study presets usable on every machine. The resolved value is what config.json (and sweep.json) keep, so a
/// run resumed on another kind of machine goes on in the precision it started with.
/// </summary>
public static class PrecisionChoice
{
    public const string Auto = "auto";

    /// <summary>
    /// <paramref name="options"/> with a concrete <see cref="TrainerOptions.Precision"/>: unchanged unless it is
    /// "auto"; then bf16 when <paramref name="device"/> (cpu/cuda/auto) runs bf16 natively, else fp32.
    /// <paramref name="cpuInfo"/> reads the CPU's features (default <see cref="Bf16Support.ReadCpuInfo"/>).
    /// </summary>
    public static T Resolve<T>(T options, Func<string?>? cpuInfo = null) where T : TrainerOptions =>
        options.Precision != Auto
            ? options
            : (T)(options with { Precision = NativeBf16(options.Device, cpuInfo) ? "bf16" : "fp32" });

    /// <summary>True on a CUDA device, or on a CPU whose features name avx512_bf16 or amx_bf16.</summary>
    public static bool NativeBf16(string device, Func<string?>? cpuInfo = null) =>
        TorchRuntime.ResolveDevice(device).type == DeviceType.CUDA
        || Bf16Support.CpuHasNative((cpuInfo ?? Bf16Support.ReadCpuInfo)()) == true;
}
