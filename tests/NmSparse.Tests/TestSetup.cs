using System.Runtime.CompilerServices;
using NmSparse.Runtime;

namespace NmSparse.Tests;

internal static class TestSetup
{
    [ModuleInitializer]
    internal static void ConfigureTorch() => TorchRuntime.Configure();
}
