using TorchSharp;

namespace NmSparse.Translation.Runtime;

/// <summary>
/// Whether bf16 GEMMs run natively. On an x86 CPU without the avx512_bf16 or amx_bf16 instructions libtorch
/// emulates bfloat16 and a bf16 run is slower than fp32; a CUDA device always runs it natively. The CPU's features
/// come from /proc/cpuinfo text (injectable, so tests pass a fake one); text without an x86 "flags" line (another
/// OS or architecture) tells nothing and gives no warning.
/// </summary>
public static class Bf16Support
{
    public const string CpuInfoPath = "/proc/cpuinfo";

    public const string EmulatedWarning = "warning: this CPU has no native bf16 (avx512_bf16/amx_bf16); precision " +
        "bf16 runs emulated and slower — set precision=fp32 (--set precision=fp32)";

    private static readonly string[] NativeFlags = ["avx512_bf16", "amx_bf16"];

    /// <summary>
    /// True when a "flags" line of <paramref name="cpuInfo"/> names avx512_bf16 or amx_bf16, false when the flags
    /// lines name neither, null when there is no flags line (or no text).
    /// </summary>
    public static bool? CpuHasNative(string? cpuInfo)
    {
        bool? native = null;
        foreach (string line in (cpuInfo ?? "").Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon < 0 || line[..colon].Trim() != "flags") continue;
            var flags = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (flags.Any(NativeFlags.Contains)) return true;
            native = false;
        }
        return native;
    }

    /// <summary>
    /// <see cref="EmulatedWarning"/> for a run at <paramref name="precision"/> on <paramref name="device"/> when it
    /// is bf16 on a CPU whose /proc/cpuinfo text (<paramref name="cpuInfo"/>, read only then) shows no native bf16;
    /// else null.
    /// </summary>
    public static string? Warning(string precision, DeviceType device, Func<string?> cpuInfo) =>
        precision == "bf16" && device == DeviceType.CPU && CpuHasNative(cpuInfo()) == false ? EmulatedWarning : null;

    /// <summary>The text of /proc/cpuinfo; null where it cannot be read.</summary>
    public static string? ReadCpuInfo()
    {
        try
        {
            return File.Exists(CpuInfoPath) ? File.ReadAllText(CpuInfoPath) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
