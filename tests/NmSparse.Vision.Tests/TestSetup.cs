using System.Runtime.CompilerServices;
using NmSparse.Translation.Runtime;

namespace NmSparse.Vision.Tests;

internal static class TestSetup
{
    [ModuleInitializer]
    internal static void ConfigureTorch() => TorchRuntime.Configure();
}
