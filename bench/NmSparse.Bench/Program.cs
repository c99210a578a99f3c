using BenchmarkDotNet.Running;
using NmSparse.Translation.Runtime;

namespace NmSparse.Bench;

/// <summary>
/// Runs the benchmarks in-process (libtorch is native and already loaded once). Usage:
/// dotnet run -c Release --project bench/NmSparse.Bench -- --filter '*Mask*'
/// Never run while something else is training: on 2 cores that halves every number.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        TorchRuntime.Configure();
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
