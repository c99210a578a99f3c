using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Optim;

/// <summary>
/// The arithmetic of one Adam step over one parameter group, op for op (same kernels, same order, same Scalar
/// values) that of TorchSharp 0.107.0's <c>torch.optim.Adam.step</c> (non-amsgrad, non-maximize path) or, with
/// <see cref="AdamOptions.DecoupledWeightDecay"/>, <c>torch.optim.AdamW.step</c>, so results are bit-identical to
/// them.
/// <para>
/// Why it exists: TorchSharp's own step passes temporaries made by the implicit double → Scalar conversion (e.g.
/// <c>exp_avg.mul_(beta1)</c>, and <c>add_(eps)</c>, which passes an implicit alpha 1). Such a Scalar's last use
/// is the read of its native handle, so the GC finalizer may free it while libtorch still reads it ("Unknown scalar
/// type" thrown from <c>mul_(Scalar)</c>; dotnet/TorchSharp PRs #1434, #1496). Here every Scalar is created
/// explicitly and referenced by this object until <see cref="Dispose"/>: the hyperparameters' once per step, the
/// two that depend on the bias corrections again only when a parameter's corrections differ from the previous
/// one's (parameters share their step count, so normally once per step too). Create one per step with
/// <c>using</c>.
/// </para>
/// </summary>
internal sealed class AdamArithmetic : IDisposable
{
    private readonly double _learningRate;
    private readonly bool _decoupled;
    private readonly Scalar _beta1;
    private readonly Scalar _oneMinusBeta1;
    private readonly Scalar _beta2;
    private readonly Scalar _oneMinusBeta2;
    private readonly Scalar _eps;

    /// <summary>wd (L2, added to the gradient) or 1 − lr·wd (decoupled, the weight's factor); null if wd = 0.</summary>
    private readonly Scalar? _decay;

    private double _correction1 = double.NaN;
    private double _correction2 = double.NaN;
    private Scalar? _sqrtCorrection2;
    private Scalar? _negativeStepSize;

    /// <summary>The Scalars of a step with <paramref name="adam"/>'s hyperparameters and learning rate.</summary>
    public AdamArithmetic(AdamOptions adam)
    {
        _learningRate = adam.LearningRate;
        _decoupled = adam.DecoupledWeightDecay;
        _beta1 = adam.Beta1.ToScalar();
        _oneMinusBeta1 = (1 - adam.Beta1).ToScalar();
        _beta2 = adam.Beta2.ToScalar();
        _oneMinusBeta2 = (1 - adam.Beta2).ToScalar();
        _eps = adam.Eps.ToScalar();
        if (adam.WeightDecay != 0)
            _decay = (_decoupled ? 1 - adam.LearningRate * adam.WeightDecay : adam.WeightDecay).ToScalar();
    }

    /// <summary>
    /// The gradient the moments take: g + wd·p with L2 weight decay (Adam), or g itself after shrinking the weight
    /// in place, p ← p·(1 − lr·wd), with decoupled weight decay (AdamW; with wd = 0 AdamW multiplies by 1, which
    /// changes no bit, so nothing is done).
    /// </summary>
    public Tensor DecayWeights(Tensor parameter, Tensor grad)
    {
        if (_decay is null) return grad;
        if (!_decoupled) return grad.add(parameter, _decay);
        parameter.mul_(_decay);
        return grad;
    }

    /// <summary>m ← β1·m + (1 − β1)·g.</summary>
    public void UpdateFirstMoment(Tensor expAvg, Tensor grad) => expAvg.mul_(_beta1).add_(grad, _oneMinusBeta1);

    /// <summary>v ← β2·v + (1 − β2)·g·conj(g) (conj is the identity on real tensors, as in AdamW's g·g).</summary>
    public void UpdateSecondMoment(Tensor expAvgSq, Tensor grad) =>
        expAvgSq.mul_(_beta2).addcmul_(grad, grad.conj(), _oneMinusBeta2);

    /// <summary>
    /// p ← p − (lr / c1) · m / (√v / √c2 + ε), with the bias corrections c1 = 1 − β1^k and c2 (1 − β2^k, or
    /// StepAdam's frozen value).
    /// </summary>
    public void Update(Tensor parameter, Tensor expAvg, Tensor expAvgSq, double correction1, double correction2)
    {
        if (correction1 != _correction1 || correction2 != _correction2 || _sqrtCorrection2 is null)
        {
            DisposeCorrections();
            _sqrtCorrection2 = Math.Sqrt(correction2).ToScalar();
            _negativeStepSize = (-(_learningRate / correction1)).ToScalar();
            (_correction1, _correction2) = (correction1, correction2);
        }
        var denom = expAvgSq.sqrt().div_(_sqrtCorrection2).add_(_eps, KeptScalars.One);
        parameter.addcdiv_(expAvg, denom, _negativeStepSize!);
    }

    public void Dispose()
    {
        DisposeCorrections();
        foreach (var scalar in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _eps, _decay })
            scalar?.Dispose();
    }

    private void DisposeCorrections()
    {
        _sqrtCorrection2?.Dispose();
        _negativeStepSize?.Dispose();
    }
}
