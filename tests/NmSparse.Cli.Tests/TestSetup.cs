using System.Runtime.CompilerServices;
using NmSparse.Translation.Runtime;

namespace NmSparse.Cli.Tests;

internal static class TestSetup
{
    [ModuleInitializer]
    internal static void ConfigureTorch() => TorchRuntime.Configure();
}
