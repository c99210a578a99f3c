using NmSparse.Masks;
using NmSparse.Schedules;

namespace NmSparse.Recipes;

/// <summary>
/// The 2:4 pre-training recipe of Hu et al. (ICML 2024, "Accelerating Transformer Pre-training with 2:4 Sparsity";
/// code huyz2023/2by4-pretrain and thu-ml/2by4-pretrain-acc-examples v1): the forward pass uses w⊙m with
/// straight-through gradients; masks are recomputed only every <see cref="RecipeSettings.MaskInterval"/> sparse
/// steps (K = 40 in the authors' GPT-2 code); masked decay adds λ(1−m)⊙w to the gradient of the pruned weights once
/// per optimizer step, after gradient clipping (<see cref="Sparsity.Sparsifier.ApplyMaskedDecay"/>, λ =
/// <see cref="RecipeSettings.MaskedDecayLambda"/>, 6e-5 as for GPT-2 124M); the last F steps train dense (the
/// dense fine-tune; the code switches at 250k of 300k steps), so the final model is dense. With F = 0 the run ends
/// sparse with the mask in force.
/// <para>
/// Difference from our SR-STE term (<see cref="Autograd.MaskedWeightFunction"/>): that one is added inside the
/// backward pass, so it is part of the gradient that clipping sees, is added once per backward call, and uses the
/// mask of the step (recomputed every step); masked decay is added to the final gradient after clipping, once per
/// optimizer step, with the mask of the last refresh, and only in the sparse phase.
/// </para>
/// </summary>
public sealed class MaskedDecayRecipe : NmRecipeBase
{
    private readonly long _interval;

    public MaskedDecayRecipe(RecipeSettings settings)
        : base("masked-decay", settings, new FixedStructure(settings.Pattern), decay: null)
    {
        _interval = settings.MaskInterval;
        MaskedDecayLambda = settings.MaskedDecayLambda;
    }

    public override double MaskedDecayLambda { get; }

    /// <summary>The dense fine-tune: every step from S − F on is dense (M:M, β = 1) when F &gt; 0.</summary>
    public override SparsityState StateAt(long step) =>
        Plan.FineTuneSteps > 0 && Plan.PhaseAt(step) == TrainingPhase.FineTune
            ? new SparsityState(step, TrainingPhase.FineTune, NmPattern.Dense(Target.M), 1.0)
            : base.StateAt(step);

    /// <summary>Sparse-phase steps D, D + K, D + 2K, …</summary>
    public override bool UpdatesMaskAt(long step) =>
        Plan.PhaseAt(step) == TrainingPhase.Sparse && Plan.SparseStep(step) % _interval == 0;
}
