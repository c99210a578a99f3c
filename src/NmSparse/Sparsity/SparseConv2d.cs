using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Sparsity;

/// <summary>
/// A <see cref="Conv2d"/> with a masked weight (see <see cref="SparseLayer"/>): same stride, padding, dilation,
/// groups and padding mode. GEMM rows counted for FLOPs are batch·H_out·W_out.
/// </summary>
public sealed class SparseConv2d : SparseLayer
{
    private readonly long[] _stride;
    private readonly long[]? _padding;
    private readonly Padding? _paddingType;
    private readonly PaddingModes _paddingMode;
    private readonly long[] _dilation;
    private readonly long _groups;

    /// <summary>Wraps <paramref name="conv"/>, sharing its weight and bias Parameters.</summary>
    public SparseConv2d(Conv2d conv) : base(nameof(SparseConv2d), conv.weight, conv.bias)
    {
        _stride = conv.stride.ToArray();
        _padding = conv.padding?.ToArray();
        _paddingType = conv.padding_type;
        _paddingMode = conv.padding_mode;
        _dilation = conv.dilation.ToArray();
        _groups = conv.groups;
    }

    public override Tensor forward(Tensor input)
    {
        var output = WithEffectiveWeight(w => Convolve(input, w));
        long batch = output.dim() == 4 ? output.shape[0] : 1;
        CountRows(input, batch * output.shape[^2] * output.shape[^1]);
        return output;
    }

    private Tensor Convolve(Tensor input, Tensor weight)
    {
        if (_paddingType.HasValue)
            return nn.functional.conv2d_padding(input, weight, Bias, _stride, _paddingType.Value, _dilation, _groups);
        long[] padding = _padding ?? [0, 0];
        if (_paddingMode == PaddingModes.Zeros)
            return nn.functional.conv2d(input, weight, Bias, _stride, padding, _dilation, _groups);
        // Non-zero padding modes pad explicitly (last dimension first), then convolve without padding.
        using var padded = nn.functional.pad(input, [padding[1], padding[1], padding[0], padding[0]], _paddingMode);
        return nn.functional.conv2d(padded, weight, Bias, _stride, [0, 0], _dilation, _groups);
    }
}
