using static TorchSharp.torch;

namespace NmSparse.Tests.Kernels;

/// <summary>The worker count of the core library's element-wise CPU passes: one per 65,536 elements.</summary>
public class ElementWorkersTests
{
    [Theory]
    [InlineData(0L, 1)]
    [InlineData(65_535L, 1)]
    [InlineData(131_071L, 1)]
    [InlineData(131_072L, 2)]
    [InlineData(655_360L, 10)]
    public void For_OnePerBlockOf65536_CappedByLibtorchThreads(long elements, int uncapped)
    {
        Assert.Equal(Math.Min(uncapped, Math.Max(1, get_num_threads())), ElementWorkers.For(elements));
    }
}
