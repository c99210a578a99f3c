using NmSparse.Export;
using NmSparse.Kernels;
using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Tests.Export;

public class StoredTensorTests
{
    [Fact]
    public void DataBytes_OneEightFloat32_IsValuesPlusThreeBitPositions()
    {
        using var w = Kernels.DenseReference.MaskedWeight(512, 512, new NmPattern(1, 8), 1);

        var stored = StoredTensor.Compressed("w", w, new NmPattern(1, 8), GroupAxis.Input);

        // 512 · 64 kept values: 4 bytes each, plus 3 bits each: 131072 + 12288 = 143360 = 0.1367 of 1048576.
        Assert.Equal(143360, stored.DataBytes);
    }

    [Fact]
    public void DataBytes_TwoFourBFloat16_IsValuesPlusTwoBitPositions()
    {
        using var w = Kernels.DenseReference.MaskedWeight(512, 512, new NmPattern(2, 4), 1);

        var stored = StoredTensor.Compressed("w", w, new NmPattern(2, 4), GroupAxis.Input, NmValueType.BFloat16);

        // 512 · 256 kept values: 2 bytes each, plus 2 bits each: 262144 + 32768 = 294912 = 0.28125 of 1048576.
        Assert.Equal(294912, stored.DataBytes);
    }

    [Fact]
    public void Compressed_GroupWithThreeNonZeros_ThrowsNamingTensor()
    {
        using var w = tensor(new float[] { 1, 0, 0, 0, 1, 2, 3, 0 }, new long[] { 1, 8 });

        var e = Assert.Throws<UserInputException>(() =>
            StoredTensor.Compressed("fc.weight", w, new NmPattern(2, 4), GroupAxis.Input));

        Assert.Equal("tensor 'fc.weight': row 0, group 1 holds 3 non-zero weights, more than 2 of 2:4", e.Message);
    }

    [Fact]
    public void Compressed_FourDimensionalWeight_ThrowsNamingTensor()
    {
        using var w = zeros(2, 4, 3, 3);

        var e = Assert.Throws<UserInputException>(() =>
            StoredTensor.Compressed("conv.weight", w, new NmPattern(2, 4), GroupAxis.Input));

        Assert.Equal("tensor 'conv.weight': only a 2-D weight can be N:M compressed (shape [2, 4, 3, 3])", e.Message);
    }

    [Fact]
    public void Compressed_GroupWithOneNonZero_StoresZeroAtLowestFreePosition()
    {
        using var w = tensor(new float[] { 0, 0, 5, 0 }, new long[] { 1, 4 });

        var stored = StoredTensor.Compressed("w", w, new NmPattern(2, 4), GroupAxis.Input);

        Assert.Equal(new byte[] { 0, 2 }, stored.Matrix!.Positions.ToArray());
        Assert.Equal(new float[] { 0, 5 }, stored.Matrix.Values.ToArray());
    }
}
