using System.Runtime.InteropServices;
using NmSparse.Translation.Training;
using static TorchSharp.torch;

namespace NmSparse.Translation.Runtime;

/// <summary>
/// Process-wide libtorch settings. Call <see cref="Configure"/> before the first TorchSharp call.
/// OpenMP's idle threads wait by spinning for <see cref="SpinCount"/> iterations (≈ 10 µs), then sleep: a step
/// of the quick model runs a few thousand short parallel regions, and waking sleeping threads through the kernel
/// for each cost 15–25 % of a bf16 step on 2 cores (fully passive waiting, the earlier default); spinning without
/// bound (libgomp's default of ≈ 3 ms, or ACTIVE) makes two 2-thread processes on 2 cores run 2.8× slower, while
/// 1,000 spins cost them ≈ 10 % (docs/performance.md, "OpenMP waiting"). A user's own OMP_WAIT_POLICY or
/// GOMP_SPINCOUNT leaves both untouched. The variables must reach the native environment (libgomp reads them when
/// libtorch loads), which Environment.SetEnvironmentVariable does not do on Linux.
/// </summary>
public static class TorchRuntime
{
    /// <summary>Iterations an idle OpenMP thread spins before it sleeps (GOMP_SPINCOUNT).</summary>
    public const string SpinCount = "1000";

    private static readonly object Gate = new();
    private static bool _configured;

    public static void Configure(int? threads = null)
    {
        lock (Gate)
        {
            if (!_configured)
            {
                if (IsUnset("OMP_WAIT_POLICY") && IsUnset("GOMP_SPINCOUNT"))
                {
                    SetNative("OMP_WAIT_POLICY", "ACTIVE"); // ACTIVE + a spin count: spin that long, then sleep
                    SetNative("GOMP_SPINCOUNT", SpinCount);
                }
                _configured = true;
            }
            int wanted = threads ?? Environment.ProcessorCount;
            if (wanted > 0) set_num_threads(wanted);
        }
    }

    /// <summary>
    /// Sets a training run's threads (0 = one per core), resolves its device and passes
    /// <see cref="Bf16Support.Warning"/> to <paramref name="message"/> when its bf16 GEMMs would be emulated;
    /// <paramref name="cpuInfo"/> reads the CPU's features (default: <see cref="Bf16Support.ReadCpuInfo"/>).
    /// </summary>
    public static Device ForRun(TrainerOptions options, Action<string> message, Func<string?>? cpuInfo = null)
    {
        Configure(options.Threads == 0 ? null : options.Threads);
        var device = ResolveDevice(options.Device);
        if (Bf16Support.Warning(options.Precision, device.type, cpuInfo ?? Bf16Support.ReadCpuInfo) is { } warning)
            message(warning);
        return device;
    }

    /// <summary>cuda when asked for and present, else cpu; "auto" picks cuda when available.</summary>
    public static Device ResolveDevice(string name)
    {
        switch (name)
        {
            case "cpu":
                return CPU;
            case "cuda":
                if (!cuda.is_available())
                    throw new UserInputException("--device cuda: no CUDA device is available (this build uses the CPU libtorch)");
                return CUDA;
            case "auto":
                return cuda.is_available() ? CUDA : CPU;
            default:
                throw new UserInputException($"--device: '{name}' is not one of auto, cpu, cuda");
        }
    }

    private static bool IsUnset(string name) => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name));

    private static void SetNative(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = setenv(name, value, 0);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv(string name, string value, int overwrite);
}
