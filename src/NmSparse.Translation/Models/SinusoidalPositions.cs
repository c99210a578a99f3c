using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// The fixed positional encoding of Vaswani et al. §3.5: PE[pos, 2i] = sin(pos / 10000^(2i/d)),
/// PE[pos, 2i+1] = cos(pos / 10000^(2i/d)).
/// </summary>
/// <remarks>
/// The model computes it per call (a few tiny kernels) instead of holding a buffer: TorchSharp's Module.to
/// re-registers moved buffers as persistent, which would leak the table into checkpoints.
/// </remarks>
public static class SinusoidalPositions
{
    /// <summary>
    /// Rows [<paramref name="start"/>, start + <paramref name="length"/>) as a [length, dModel] tensor. Computed in
    /// float64, so a position's values are the same whether it is computed alone (incremental decoding) or within a
    /// longer range, then converted to <paramref name="dtype"/> on <paramref name="device"/>.
    /// </summary>
    public static Tensor Compute(int start, long length, int dModel, ScalarType dtype, Device device)
    {
        if (dModel % 2 != 0) throw new ArgumentException($"dModel must be even, got {dModel}", nameof(dModel));
        using var scope = NewDisposeScope();
        var position = arange(start, start + length, dtype: float64, device: device).unsqueeze(1);
        var frequency = exp(arange(0, dModel, 2, dtype: float64, device: device).mul(-Math.Log(10000.0) / dModel));
        var angle = position.mul(frequency);
        return stack([sin(angle), cos(angle)], dim: 2).view(length, dModel).to_type(dtype).MoveToOuterDisposeScope();
    }
}
