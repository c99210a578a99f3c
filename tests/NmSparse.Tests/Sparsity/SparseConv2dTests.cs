using NmSparse.Sparsity;
using static TorchSharp.torch;

namespace NmSparse.Tests.Sparsity;

[Collection("Sequential")]
public class SparseConv2dTests
{
    [Fact]
    public void Forward_FixedMode_EqualsConvWithMaskedWeightAndCountsOutputPositions()
    {
        using var conv = nn.Conv2d(4, 2, kernel_size: 1, padding: 1, bias: false);
        using (no_grad()) conv.weight.copy_(tensor(TwoByFourWeight.Values, 2, 4, 1, 1));
        using var sparse = new SparseConv2d(conv);
        using var mask = tensor(TwoByFourWeight.Mask, 2, 4, 1, 1);
        sparse.SetMask(mask);
        sparse.SetMode(MaskMode.Fixed);
        using var x = ones(3, 4, 2, 2);
        using var y = sparse.call(x);
        Assert.Equal(new long[] { 3, 2, 4, 4 }, y.shape);
        // Interior positions: Σ w⊙m = −1 for both output channels; the padded border is 0.
        Assert.Equal(-1f, y[0, 0, 1, 1].item<float>());
        Assert.Equal(-1f, y[2, 1, 2, 2].item<float>());
        Assert.Equal(0f, y[1, 1, 0, 0].item<float>());
        Assert.Equal(3 * 4 * 4, sparse.CountedRows);
    }

    [Fact]
    public void Constructor_WrapsConv_KeepsStateDictKeys()
    {
        using var conv = nn.Conv2d(4, 8, kernel_size: 3);
        using var sparse = new SparseConv2d(conv);
        Assert.Same(conv.weight, sparse.Weight);
        Assert.Equal(["weight", "bias", "mask"], sparse.state_dict().Keys.ToArray());
    }
}
