using NmSparse.Recipes;
using NmSparse.Schedules;
using NmSparse.Sparsity;
using NmSparse.Translation.Models;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Deploy;

/// <summary>Which layers of a loaded run are N:M sparse after <see cref="TrainedModel"/> baked the final masks.</summary>
public static class SparsifiedWeights
{
    /// <summary>
    /// Every sparsified 2-D layer of <paramref name="model"/> (a model <see cref="TrainedModel"/> loaded with
    /// <paramref name="config"/>) with its final pattern: the recipe's state after the last step, or a layer's own
    /// override. Empty when the run ends dense (a dense baseline or a dense fine-tune).
    /// </summary>
    public static IReadOnlyList<SparsifiedWeight> Find(Seq2SeqTransformer model, SavedRunConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        var recipe = RecipeRegistry.Create(config.Recipe);
        var state = recipe.StateAt(recipe.Plan.TotalSteps);
        if (state.Phase == TrainingPhase.Dense || state.Pattern.IsDense) return [];
        var options = config.Training.ToSparsifyOptions();
        var found = new List<SparsifiedWeight>();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is not SparseLayer layer || layer.Weight.dim() != 2) continue;
            var pattern = options.PatternFor(name) ?? state.Pattern;
            if (!pattern.IsDense) found.Add(new SparsifiedWeight(name, layer, pattern, options.Axis));
        }
        return found;
    }

    /// <summary>
    /// The state-dict entries a plain <see cref="Seq2SeqTransformer"/> has: <paramref name="model"/>'s, without the
    /// masks (and soft-threshold scales) the sparse wrappers add. Names and order are the exported tensor names.
    /// </summary>
    public static IReadOnlyList<(string Name, TorchSharp.torch.Tensor Value)> PlainState(Seq2SeqTransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var wrapperBuffers = model.named_modules()
            .Where(m => m.module is SparseLayer)
            .SelectMany(m => new[] { m.name + ".mask", m.name + ".scale" })
            .ToHashSet(StringComparer.Ordinal);
        return model.state_dict()
            .Where(kv => !wrapperBuffers.Contains(kv.Key))
            .Select(kv => (kv.Key, kv.Value))
            .ToList();
    }
}
