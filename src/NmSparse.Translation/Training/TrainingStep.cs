using NmSparse.Sparsity;
using NmSparse.Translation.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Translation.Training;

/// <summary>
/// One optimisation step, shared by the trainers and <c>nmsparse bench step</c>: forward, loss, zero_grad,
/// backward, gradient clipping, the recipe's masked decay, optimizer step. The sparsifier's Step (mask update) and
/// the learning rate are set by the caller before.
/// </summary>
public static class TrainingStep
{
    /// <summary>
    /// The translation step on <paramref name="batch"/>: returns the mean smoothed loss per target token (see the
    /// general overload).
    /// </summary>
    public static double Run(Seq2SeqTransformer model, Sparsifier sparsifier, OptimizerHelper optimizer,
        LabelSmoothedLoss loss, BatchTensors batch, double clipNorm, StepGuard? guard = null,
        Action<string>? lap = null) =>
        Run(model, sparsifier, optimizer, () => model.call(batch.Source, batch.TargetIn), logits =>
        {
            var sums = loss.Compute(logits, batch.TargetOut);
            return sums.SmoothedLoss / sums.TokenCount.clamp_min(KeptScalars.One);
        }, clipNorm, guard, lap);

    /// <summary>
    /// Runs <paramref name="forward"/> in training mode, <paramref name="loss"/> on its output (a scalar), and
    /// returns the loss. A non-finite loss is returned before the backward pass, leaving weights and optimizer
    /// untouched; with a <paramref name="guard"/> a non-finite loss or gradient norm throws before the optimizer step.
    /// <paramref name="lap"/>, when given, is called after each part ("forward", "loss", "backward", "clip",
    /// "optimizer"); on the CPU the tensor operations are synchronous, so a stopwatch read there times the part.
    /// </summary>
    public static double Run(nn.Module model, Sparsifier sparsifier, OptimizerHelper optimizer, Func<Tensor> forward,
        Func<Tensor, Tensor> loss, double clipNorm, StepGuard? guard = null, Action<string>? lap = null)
    {
        using var scope = NewDisposeScope();
        model.train();
        var output = forward();
        lap?.Invoke("forward");
        var mean = loss(output);
        double value = mean.item<float>();
        lap?.Invoke("loss");
        guard?.Guard.CheckLoss(value, guard.Step);
        if (!double.IsFinite(value)) return value;
        optimizer.zero_grad();
        mean.backward();
        lap?.Invoke("backward");
        if (guard is not null)
            guard.Guard.CheckGradients(DivergenceGuard.GradientNorm(model.parameters().ToList(), clipNorm), guard.Step);
        else if (clipNorm > 0)
            nn.utils.clip_grad_norm_(model.parameters(), clipNorm);
        lap?.Invoke("clip");
        sparsifier.ApplyMaskedDecay(); // masked-decay only: λ(1−m)⊙w into the clipped gradient
        optimizer.step();
        lap?.Invoke("optimizer");
        return value;
    }
}
