using NmSparse.Autograd;
using NmSparse.Flops;
using NmSparse.Masks;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NmSparse.Sparsity;

/// <summary>
/// A Linear or Conv2d whose forward pass uses a masked version of the original module's weight. It holds the very
/// same weight and bias <see cref="TorchSharp.Modules.Parameter"/> objects as the module it replaces, so state_dict
/// keys (<c>weight</c>, <c>bias</c>) and optimizers stay valid, plus a persistent <c>mask</c> buffer that survives a
/// state_dict save/load. <see cref="Sparsifier"/> sets the mask, mode, β and λ before each step.
/// <para>
/// The layer tracks on the host how many weights its mask keeps (<see cref="KeptWeights"/>), so its FLOPs are
/// counted from shapes and that number without reading the mask back from its device. A state_dict load changes
/// the mask in place, unseen; <see cref="RecountMask"/> (which <see cref="Sparsifier"/> calls at its first step)
/// reads the count again.
/// </para>
/// </summary>
public abstract class SparseLayer : Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")]
    private Parameter _weight;

    [ComponentName(Name = "bias")]
    private Parameter? _bias;

    [ComponentName(Name = "mask")]
    private Tensor _mask;

    [ComponentName(Name = "scale")]
    private Tensor? _scale;

    private Tensor? _previousMask;
    private bool _scaleFixed;
    private long _groupDim;
    private int _groupSize;
    private long _rows;
    private long _keptWeights;

    protected SparseLayer(string typeName, Parameter weight, Parameter? bias) : base(typeName)
    {
        _weight = weight;
        _bias = bias;
        using (no_grad()) _mask = ones_like(weight).DetachFromDisposeScope();
        _keptWeights = weight.numel();
        register_parameter("weight", _weight);
        if (_bias is not null) register_parameter("bias", _bias);
        register_buffer("mask", _mask);
    }

    /// <summary>The dense weight (the original module's Parameter).</summary>
    public Parameter Weight => _weight;

    /// <summary>The bias (the original module's Parameter), or null.</summary>
    public Parameter? Bias => _bias;

    /// <summary>
    /// The 0/1 mask buffer (state_dict key <c>mask</c>), all ones until the first mask update. Each update installs
    /// a new tensor, so read this property again rather than keeping the tensor.
    /// </summary>
    public Tensor Mask => _mask;

    /// <summary>How the forward pass masks the weight.</summary>
    public MaskMode Mode { get; private set; } = MaskMode.Dense;

    /// <summary>Mask-decay factor β used in <see cref="MaskMode.StraightThrough"/>.</summary>
    public double Beta { get; private set; } = 1.0;

    /// <summary>SR-STE decay λ used in <see cref="MaskMode.StraightThrough"/>.</summary>
    public double SrSteLambda { get; private set; }

    /// <summary>Input rows (GEMM M dimension) seen by training-mode forward passes since the last reset.</summary>
    public long CountedRows => _rows;

    /// <summary>True when a counted forward pass had an input that needs a gradient.</summary>
    public bool InputGradNeeded { get; private set; }

    /// <summary>Sets how the next forward passes mask the weight.</summary>
    public void SetMode(MaskMode mode, double beta = 0.0, double srSteLambda = 0.0)
    {
        if (beta is < 0.0 or > 1.0) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be in [0, 1]");
        if (srSteLambda < 0.0) throw new ArgumentOutOfRangeException(nameof(srSteLambda), srSteLambda, "λ ≥ 0");
        Mode = mode;
        Beta = beta;
        SrSteLambda = srSteLambda;
    }

    /// <summary>
    /// True when the forward pass soft-thresholds the weight (S-STE, <see cref="SoftThresholdFunction"/>) instead of
    /// multiplying it by the mask whenever <see cref="Mode"/> is not dense.
    /// </summary>
    public bool SoftThresholds => _scale is not null;

    /// <summary>
    /// The S-STE per-tensor scale s (a scalar buffer, state_dict key <c>scale</c>; 0 until fixed), or null when the
    /// layer does not soft-threshold.
    /// </summary>
    public Tensor? Scale => _scale;

    /// <summary>Weights the mask keeps (its ones), tracked on the host: reading it never waits for the device.</summary>
    public long KeptWeights => _keptWeights;

    /// <summary>
    /// Fraction of non-zero mask entries (1 before the first mask update), measured from the mask: a diagnostic that
    /// reads the device (one reduction and a host sync per call), never used for FLOP counting.
    /// </summary>
    public double MaskDensity => MaskStatistic(_mask.sum(ScalarType.Float64));

    /// <summary>
    /// Fraction of mask entries the latest mask update changed (the first update compares with the initial all-ones
    /// mask; 0 before any update). A diagnostic computed on each call (a host sync).
    /// </summary>
    public double FlipRate => (double)FlippedWeights / Math.Max(1, _mask.numel());

    /// <summary>Mask entries the latest mask update changed (0 before any); a diagnostic (a host sync).</summary>
    public long FlippedWeights => CountFlips();

    /// <summary>
    /// The L2 norm of each input feature over the latest calibration pass
    /// (<see cref="Sparsifier.CalibrateInputNorms"/>), used by Wanda scores; null before one (and for Conv2d).
    /// </summary>
    public Tensor? InputNorms { get; private set; }

    /// <summary>Replaces <see cref="InputNorms"/> (this layer owns the tensor from now on).</summary>
    internal void TakeInputNorms(Tensor? norms)
    {
        InputNorms?.Dispose();
        InputNorms = norms;
    }

    /// <summary>
    /// Copies <paramref name="mask"/> (0/1, the weight's shape) in as the new mask and counts its ones (one host
    /// sync, at this call only).
    /// </summary>
    public void SetMask(Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        using (no_grad())
        {
            Tensor copy = mask.to(_mask.dtype, _mask.device, copy: true);
            TakeMask(new CountedMask(copy, CountOnes(copy)));
        }
    }

    /// <summary>
    /// Reads <see cref="KeptWeights"/> from the mask (one host sync), e.g. after a state_dict load replaced the
    /// mask's values in place, and whether the S-STE scale is fixed (non-zero).
    /// </summary>
    public void RecountMask()
    {
        _keptWeights = CountOnes(_mask);
        if (_scale is null) return;
        using var scale = _scale.to(ScalarType.Float64);
        _scaleFixed = scale.item<double>() != 0.0;
    }

    /// <summary>Makes the layer soft-threshold (S-STE): registers the <c>scale</c> buffer, 0 until fixed.</summary>
    internal void EnableSoftThreshold()
    {
        if (_scale is not null) return;
        using (no_grad()) _scale = zeros([], _weight.dtype, _weight.device).DetachFromDisposeScope();
        register_buffer("scale", _scale);
    }

    /// <summary>The grouping the soft threshold uses from now on: dimension and M.</summary>
    internal void SetGroups(long groupDim, int groupSize)
    {
        _groupDim = groupDim;
        _groupSize = groupSize;
    }

    /// <summary>
    /// Fixes the S-STE scale once, from the current weight and mask
    /// (<see cref="SoftThresholdFunction.LeastSquaresScale"/>, one host sync); later calls, and calls after a
    /// checkpoint restored a fixed scale, change nothing.
    /// </summary>
    internal void FixScale()
    {
        if (_scale is null || _scaleFixed) return;
        using var shrunk = SoftThresholdFunction.Shrink(_weight, _mask, _groupDim, _groupSize);
        double scale = SoftThresholdFunction.LeastSquaresScale(_weight, shrunk);
        using (no_grad()) _scale.fill_(scale);
        _scaleFixed = true;
    }

    /// <summary>
    /// Makes the mask of <paramref name="mask"/> the mask buffer without copying (this layer owns it from now on)
    /// and its count <see cref="KeptWeights"/>. The previous mask is kept for <see cref="FlipRate"/>; tensors read
    /// from <see cref="Mask"/> before are not updated.
    /// </summary>
    internal void TakeMask(CountedMask mask)
    {
        if (!mask.Mask.shape.SequenceEqual(_weight.shape))
            throw new ArgumentException(
                $"mask shape [{string.Join(", ", mask.Mask.shape)}] differs from the weight's");
        if (mask.Kept < 0 || mask.Kept > _weight.numel())
            throw new ArgumentOutOfRangeException(nameof(mask), mask.Kept, "kept count outside [0, weights]");
        _previousMask?.Dispose();
        _previousMask = _mask;
        _mask = mask.Mask.DetachFromDisposeScope();
        _keptWeights = mask.Kept;
        ConditionallyRegisterBuffer("mask", _mask);
    }

    /// <summary>
    /// Records the GEMM rows counted since the last call as one step of FLOPs under <paramref name="name"/> (the
    /// <see cref="GemmFlops"/> rule, from host values only) next to their dense cost, then resets the counter.
    /// </summary>
    internal void RecordFlops(string name, FlopAccountant accountant)
    {
        if (_rows == 0) return;
        long weights = _weight.numel();
        accountant.Record(name, GemmFlops.ForStep(weights, _keptWeights, _rows, Mode, Beta, InputGradNeeded),
            GemmFlops.Dense(weights, _rows, InputGradNeeded));
        ResetRows();
    }

    /// <summary>Forgets the counted rows (after they were turned into FLOPs).</summary>
    public void ResetRows()
    {
        _rows = 0;
        InputGradNeeded = false;
    }

    /// <summary>
    /// w ← w⊙m (or s·S(w) for a soft-thresholding layer), then runs dense: a plain module with the baked weight gives
    /// the same output.
    /// </summary>
    public void BakeMask()
    {
        using (no_grad())
        {
            if (_scale is null)
            {
                _weight.mul_(_mask);
            }
            else
            {
                using var shrunk = SoftThresholdFunction.Shrink(_weight, _mask, _groupDim, _groupSize);
                _weight.copy_(shrunk.mul_(_scale));
            }
        }
        Mode = MaskMode.Dense;
        Beta = 1.0;
        SrSteLambda = 0.0;
    }

    /// <summary>
    /// Runs <paramref name="forward"/> with the weight the current mode gives (then frees it). With
    /// <paramref name="computeType"/> the straight-through masked weight comes in that type (formed and cast in
    /// one pass where <see cref="MaskedWeightFunction"/> can); other modes leave the cast to the caller.
    /// </summary>
    protected Tensor WithEffectiveWeight(Func<Tensor, Tensor> forward, ScalarType? computeType = null)
    {
        if (Mode == MaskMode.Dense) return forward(_weight);
        using var weight = _scale is not null
            ? SoftThresholdFunction.Apply(
                _weight, _mask, _scale, _groupDim, _groupSize, straightThrough: Mode == MaskMode.StraightThrough)
            : Mode == MaskMode.Fixed
            ? _weight.mul(_mask)
            : MaskedWeightFunction.Apply(_weight, _mask, Beta, SrSteLambda, computeType);
        return forward(weight);
    }

    /// <summary>Counts GEMM rows of a training-mode forward pass for the FLOP accountant.</summary>
    protected void CountRows(Tensor input, long rows)
    {
        if (!training) return;
        _rows += rows;
        InputGradNeeded |= input.requires_grad;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _previousMask?.Dispose();
            InputNorms?.Dispose();
        }
        base.Dispose(disposing);
    }

    private long CountFlips()
    {
        if (_previousMask is null) return 0;
        using var changed = _mask.ne(_previousMask);
        return CountOnes(changed);
    }

    private static long CountOnes(Tensor mask)
    {
        using var count = mask.count_nonzero();
        return count.item<long>();
    }

    private double MaskStatistic(Tensor count)
    {
        using (count) return count.item<double>() / Math.Max(1, _mask.numel());
    }

    /// <summary>Components are registered explicitly in the constructor under their state_dict names.</summary>
    protected override void RegisterComponents() { }
}
