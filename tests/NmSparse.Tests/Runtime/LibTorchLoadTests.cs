using static TorchSharp.torch;

namespace NmSparse.Tests.Runtime;

/// <summary>
/// Proves the build fixed the GLIBCXX_3.4.32 trap: without the patched libLibTorchSharp.so the first tensor
/// operation throws a TypeInitializationException on Debian 12.
/// </summary>
public class LibTorchLoadTests
{
    [Fact]
    public void Matmul_TwoByTwo_ComputesExactProduct()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var b = tensor(new float[] { 5, 6, 7, 8 }, 2, 2);
        using var c = matmul(a, b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
    }
}
