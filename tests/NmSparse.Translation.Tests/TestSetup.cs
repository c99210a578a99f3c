using System.Runtime.CompilerServices;
using NmSparse.Translation.Runtime;

namespace NmSparse.Translation.Tests;

internal static class TestSetup
{
    [ModuleInitializer]
    internal static void ConfigureTorch() => TorchRuntime.Configure();
}
