using System.Runtime.InteropServices;
using NmSparse.Translation.Training;
using static TorchSharp.torch;

namespace NmSparse.Translation.Runtime;

/// <summary>
/// Process-wide libtorch settings. Call <see cref="Configure"/> before the first TorchSharp call.
/// On a 2-core CPU two spinning thread pools (OpenMP and the BLAS pool) fight for the cores; a passive
/// OpenMP wait policy roughly doubled GEMM-bound throughput on our machines, so it is the default unless the
/// user already set OMP_WAIT_POLICY. The variable must reach the native environment (libgomp reads it when
/// libtorch loads), which Environment.SetEnvironmentVariable does not do on Linux.
/// </summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static bool _configured;

    public static void Configure(int? threads = null)
    {
        lock (Gate)
        {
            if (!_configured)
            {
                SetNativeDefault("OMP_WAIT_POLICY", "PASSIVE");
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

    private static void SetNativeDefault(string name, string value)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))) return;
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = setenv(name, value, 0);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv(string name, string value, int overwrite);
}
