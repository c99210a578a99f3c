using NmSparse.Masks;
using NmSparse.Optim;
using NmSparse.Schedules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Recipes;

/// <summary>
/// A sparse-training recipe: what each step trains with (phase, N:M, β), when masks are recomputed and how.
/// <see cref="Sparsity.Sparsifier"/> asks these questions before every step; a recipe holds no tensors.
/// </summary>
public interface IRecipe
{
    /// <summary>The registry name (e.g. "ste").</summary>
    string Name { get; }

    /// <summary>The dense / sparse / fine-tune split of the run.</summary>
    PhasePlan Plan { get; }

    /// <summary>The final N:M (for GMP: the pattern whose density N/M the unstructured masks end at).</summary>
    NmPattern Target { get; }

    /// <summary>SR-STE decay λ applied to pruned weights while they are updated (0 except for SR-STE).</summary>
    double SrSteLambda { get; }

    /// <summary>How the forward pass forms the sparse weight from w and the mask (masked or soft threshold).</summary>
    SparseWeightForm WeightForm { get; }

    /// <summary>
    /// Masked-decay λ of Hu et al. 2024: <see cref="Sparsity.Sparsifier.ApplyMaskedDecay"/> adds λ(1−m)⊙w to the
    /// gradient after clipping, in sparse-phase steps (0 except for "masked-decay").
    /// </summary>
    double MaskedDecayLambda { get; }

    /// <summary>What N:M masks rank: |w|, or Wanda's |w|·‖x‖ (calibrated input norms; "static" only).</summary>
    MaskScore Score { get; }

    /// <summary>The phase, N:M and β of <paramref name="step"/>.</summary>
    SparsityState StateAt(long step);

    /// <summary>True when masks are recomputed before <paramref name="step"/>.</summary>
    bool UpdatesMaskAt(long step);

    /// <summary>
    /// True when pruned weights still receive (straight-through) gradients in <paramref name="state"/>; false when
    /// the mask is fixed and pruned weights get none. Decides the masking mode and the weight-gradient FLOPs.
    /// </summary>
    bool UpdatesPrunedWeights(SparsityState state);

    /// <summary>
    /// New 0/1 masks for <paramref name="layers"/> (same order), computed without gradient on the weights' device,
    /// each with the number of weights it keeps (known on the host, so FLOP counting never reads a mask back).
    /// </summary>
    IReadOnlyList<CountedMask> ComputeMasks(IReadOnlyList<MaskTarget> layers, SparsityState state);

    /// <summary>
    /// The optimizer to train with: Adam with <paramref name="adam"/> for every recipe but "step-adam", which builds a
    /// <see cref="StepAdam"/> whose preconditioned parameters are <paramref name="sparseWeights"/> (the sparsified
    /// layers' weights, <see cref="Sparsity.Sparsifier.SparseWeights"/>). Create it once per run, after the
    /// sparsifier, and before loading a checkpoint into it.
    /// </summary>
    OptimizerHelper CreateOptimizer(
        IEnumerable<Parameter> parameters, IReadOnlyCollection<Parameter> sparseWeights, AdamOptions adam);
}
