using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Translation.Training;

/// <summary>
/// Stops a run as soon as its numbers stop being finite, before the poisoned state reaches the weights or a
/// checkpoint. Every step: the loss (read back anyway for the log) before backward, and the global gradient norm
/// before the optimizer step — the norm gradient clipping computes anyway, so with clip_norm &gt; 0 this costs
/// nothing extra (without clipping: one norm per gradient and one read-back). Before every validation and every
/// checkpoint: weights, masks and the optimizer's moments in one fused reduction with one read-back. The error
/// names the step and the last checkpoint written (or read, on resume), which is clean by construction.
/// </summary>
public sealed class DivergenceGuard
{
    private readonly IRunState _session;
    private readonly long _totalSteps;

    public DivergenceGuard(IRunState session, long totalSteps)
    {
        _session = session;
        _totalSteps = totalSteps;
    }

    /// <summary>Throws when the loss of <paramref name="step"/> is NaN or infinite.</summary>
    public void CheckLoss(double loss, long step)
    {
        if (!double.IsFinite(loss)) throw Diverged($"loss is {Show(loss)} in", step, "the backward pass");
    }

    /// <summary>Throws when the global gradient norm of <paramref name="step"/> is NaN or infinite.</summary>
    public void CheckGradients(double norm, long step)
    {
        if (!double.IsFinite(norm)) throw Diverged($"gradient norm is {Show(norm)} in", step, "the optimizer step");
    }

    /// <summary>Throws when a weight, mask or optimizer moment is NaN or infinite after <paramref name="step"/>.
    /// </summary>
    public void CheckState(long step)
    {
        if (!AllFinite(_session.StateTensors()))
            throw Diverged("weights or optimizer state hold NaN/inf after", step, "writing a checkpoint");
    }

    /// <summary>
    /// The global L2 norm of the gradients: clips them to <paramref name="clipNorm"/> first when it is positive
    /// (the norm is the one clipping measured), otherwise only measures.
    /// </summary>
    public static double GradientNorm(IReadOnlyList<Parameter> parameters, double clipNorm)
    {
        if (clipNorm > 0) return nn.utils.clip_grad_norm_(parameters, clipNorm);
        using var scope = NewDisposeScope();
        var norms = parameters.Select(p => p.grad).OfType<Tensor>().Select(g => g.norm()).ToArray();
        if (norms.Length == 0) return 0.0;
        return stack(norms).norm().item<float>();
    }

    /// <summary>
    /// True when no element of <paramref name="tensors"/> is NaN or ±inf, with one read-back in all: the largest
    /// and smallest element of every tensor are finite exactly when all its elements are (max and min propagate
    /// NaN). Two plain reductions cost several times less than an element-wise isfinite.
    /// </summary>
    public static bool AllFinite(IEnumerable<Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        var extremes = tensors.Where(t => t.numel() > 0)
            .SelectMany(t => new[] { t.max(), t.min() })
            .Select(e => e.to_type(ScalarType.Float64))
            .ToArray();
        return extremes.Length == 0 || double.IsFinite(stack(extremes).abs().max().item<double>());
    }

    private TrainingDivergedException Diverged(string problem, long step, string before)
    {
        string clean = _session.LastCheckpointPath is { } path
            ? $"{path} (after step {_session.LastCheckpointStep})"
            : "none written yet";
        return new TrainingDivergedException(
            $"{problem} step {step + 1}/{_totalSteps}; stopped before {before}, so nothing non-finite was saved; " +
            $"last clean checkpoint: {clean}. Lower learning_rate or raise warmup_steps and start a new run");
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
