namespace NmSparse.Kernels;

/// <summary>
/// A rigorous bound e_r ≥ |s_r − t_r| between a row's screened score s_r (bfloat16 weights, float32 sums, any order)
/// and its float32 score t_r = fl(w_r·x) (float32 weights, float32 sums, any order, FMA or not).
/// </summary>
/// <remarks>
/// Derivation, with u = 2⁻²⁴ (float32 unit roundoff), γ_d = d·u / (1 − d·u) and x_r = Σ_k w_rk·x_k exactly:
/// <list type="number">
/// <item>Rounding to bfloat16 (8 significant bits, nearest) gives ŵ = w(1 + δ), |δ| ≤ 2⁻⁸, for normal values, so
/// |Σ(ŵ_k − w_k)x_k| ≤ 2⁻⁸·Σ|w_k x_k| ≤ 2⁻⁸·‖w‖₂‖x‖₂ (Cauchy–Schwarz). A bfloat16 subnormal is off by at most
/// 2⁻¹³⁴ (half its spacing), adding 2⁻¹³⁴·‖x‖₁.</item>
/// <item>Any float32 evaluation of a d-term dot product a·b is within γ_d·Σ|a_k b_k| of the exact value (Higham,
/// "Accuracy and Stability of Numerical Algorithms", §3.1; every product passes through at most d roundings in any
/// summation tree). So |s_r − Σŵx| ≤ γ_d(1 + 2⁻⁸)‖w‖₂‖x‖₂ and |t_r − x_r| ≤ γ_d‖w‖₂‖x‖₂. Underflow adds at most
/// half the smallest subnormal, 2⁻¹⁵⁰, per operation: below d·2⁻¹⁴⁷ for both sums together.</item>
/// </list>
/// Hence |s_r − t_r| ≤ (2⁻⁸ + γ_d(2 + 2⁻⁸))·‖w_r‖₂‖x‖₂ + 2⁻¹³⁴‖x‖₁ + d·2⁻¹⁴⁷. The norms are upper bounds and the
/// bound is evaluated in float64 and widened by a factor 1 + 2⁻¹⁶, which covers every float64 rounding in computing
/// it and in the comparisons s ± e (each below 2⁻⁴⁴ of e, since |s_r| ≤ 1.01·‖w_r‖₂‖x‖₂ ≤ 2⁸·1.01·e_r). It holds
/// while no score overflows: callers check ‖w_r‖₂‖x‖₂ stays far below float32's range.
/// </remarks>
internal readonly struct ScreenErrorBound
{
    private const double Widen = 1 + 1.0 / 65536;

    private readonly double _perNorm;
    private readonly double _absolute;

    /// <summary>The bound for rows of <paramref name="columns"/> weights and an input of the given norms.</summary>
    public ScreenErrorBound(int columns, double xNorm2, double xNorm1)
    {
        double du = columns * Math.ScaleB(1, -24);
        double gamma = du / (1 - du);
        double relative = Math.ScaleB(1, -8) + gamma * (2 + Math.ScaleB(1, -8));
        _perNorm = relative * xNorm2 * Widen;
        _absolute = (Math.ScaleB(xNorm1, -134) + columns * Math.ScaleB(1, -147)) * Widen;
    }

    /// <summary>e_r for a row of norm (an upper bound of) ‖w_r‖₂.</summary>
    public double For(double rowNorm) => _perNorm * rowNorm + _absolute;
}
