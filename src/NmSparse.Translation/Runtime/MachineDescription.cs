using NmSparse.Kernels;

namespace NmSparse.Translation.Runtime;

/// <summary>
/// The machine a run was finished on, recorded in result.json and results.csv: fp32 runs on different CPU kinds
/// (AVX2-only vs AVX-512) are not bit-identical, so a result names its CPU model, the N:M kernel path this library
/// picks on it (<see cref="KernelPaths.Best"/>), whether bf16 GEMMs run natively (<see cref="Bf16Support"/>) and
/// the logical core count.
/// </summary>
/// <param name="CpuModel">The "model name" of /proc/cpuinfo, or <see cref="UnknownCpu"/> where there is none.</param>
/// <param name="SimdPath">The kernel path: "AVX-512", "AVX2" or "portable" (<see cref="SimdName"/>).</param>
/// <param name="NativeBf16">Native bf16 on this CPU; null when /proc/cpuinfo has no x86 flags line.</param>
/// <param name="LogicalCores">The logical processors the process sees.</param>
public sealed record MachineDescription(string CpuModel, string SimdPath, bool? NativeBf16, int LogicalCores)
{
    /// <summary>The CPU model where /proc/cpuinfo is missing (off Linux) or names none (many ARM kernels).</summary>
    public const string UnknownCpu = "unknown";

    /// <summary>This process's machine, read once.</summary>
    public static MachineDescription Current { get; } = Describe(Bf16Support.ReadCpuInfo());

    /// <summary>
    /// The value of the first "model name" line of <paramref name="cpuInfo"/> (/proc/cpuinfo text), trimmed;
    /// <see cref="UnknownCpu"/> when there is no such line, it is empty, or there is no text.
    /// </summary>
    public static string CpuModelOf(string? cpuInfo)
    {
        foreach (string line in (cpuInfo ?? "").Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon < 0 || line[..colon].Trim() != "model name") continue;
            string model = line[(colon + 1)..].Trim();
            if (model.Length > 0) return model;
        }
        return UnknownCpu;
    }

    /// <summary>The name results give <paramref name="path"/>: "AVX-512", "AVX2" or "portable".</summary>
    public static string SimdName(KernelPath path) => path switch
    {
        KernelPath.Avx512 => "AVX-512",
        KernelPath.Avx2 => "AVX2",
        _ => "portable",
    };

    /// <summary>The one-cell form of results.csv: "CpuModel (SimdPath)".</summary>
    public string Label() => $"{CpuModel} ({SimdPath})";

    private static MachineDescription Describe(string? cpuInfo) => new(CpuModelOf(cpuInfo),
        SimdName(KernelPaths.Best), Bf16Support.CpuHasNative(cpuInfo), Environment.ProcessorCount);
}
