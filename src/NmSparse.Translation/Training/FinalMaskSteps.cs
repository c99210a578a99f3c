using NmSparse.Recipes;
using NmSparse.Schedules;

namespace NmSparse.Translation.Training;

/// <summary>
/// The steps after which the model already is the sparse model the run ends with, so a validation there scores
/// the target sparsity: the masks in force are the final ones (the recipe recomputes none later, up to and
/// including the end-of-run finalization) and the forward pass uses them as binary masks (β = 0). That is the
/// fine-tune phase of the straight-through recipes, the whole post-pruning part of "static", GMP after its last
/// pruning step, and always the last step (the model finalization bakes). For a run that never leaves the dense
/// phase every step qualifies. "Best" checkpoints are chosen among these steps only.
/// </summary>
public sealed class FinalMaskSteps
{
    private readonly IRecipe _recipe;
    private readonly long _lastStep;
    private readonly long _lastMaskUpdate;
    private readonly bool _dense;

    public FinalMaskSteps(IRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        _recipe = recipe;
        long total = recipe.Plan.TotalSteps;
        _lastStep = total - 1;
        _dense = recipe.StateAt(total).Phase == TrainingPhase.Dense;
        _lastMaskUpdate = -1;
        for (long step = total; step >= 0; step--)
        {
            if (!recipe.UpdatesMaskAt(step)) continue;
            _lastMaskUpdate = step;
            break;
        }
    }

    /// <summary>True when a validation after <paramref name="step"/> (counted from 0) scores the final masks.</summary>
    public bool Contains(long step) =>
        _dense || step == _lastStep || (step >= _lastMaskUpdate && _recipe.StateAt(step).IsBinary);

    /// <summary>The first such step.</summary>
    public long First
    {
        get
        {
            if (_dense) return 0;
            for (long step = Math.Max(0, _lastMaskUpdate); step < _lastStep; step++)
            {
                if (Contains(step)) return step;
            }
            return _lastStep;
        }
    }
}
