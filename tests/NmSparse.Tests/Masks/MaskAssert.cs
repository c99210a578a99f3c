using static TorchSharp.torch;

namespace NmSparse.Tests.Masks;

/// <summary>Compares a mask tensor with hand-written expected values.</summary>
internal static class MaskAssert
{
    public static void Equal(float[] expected, long[] shape, Tensor actual)
    {
        Assert.Equal(shape, actual.shape);
        Assert.Equal(expected, actual.to(ScalarType.Float32).reshape(-1).data<float>().ToArray());
    }

    public static void Same(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), "masks differ");
    }
}
