using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Schedules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Sparsity;

/// <summary>
/// Walks a model, decides for every Linear and Conv2d whether it becomes sparse (selection, KeepDense, shape rule),
/// logs one line per layer, and swaps the chosen ones for <see cref="SparseLinear"/> / <see cref="SparseConv2d"/>.
/// All checks run before the first swap, so a <see cref="UserInputException"/> leaves the model untouched.
/// </summary>
internal static class SparseModuleWrapper
{
    public static (List<SparsifiedLayer> Sparse, List<DenseLayerCounter> Dense) Wrap(
        nn.Module model, IRecipe recipe, SparsifyOptions options, TextWriter? log)
    {
        var modules = model.named_modules().ToList();
        var byName = modules.ToDictionary(m => m.name, m => m.module);
        int[] groupSizes = GroupSizes(recipe);
        var swaps = new List<Action>();
        var sparse = new List<SparsifiedLayer>();
        var dense = new List<(string Name, nn.Module<Tensor, Tensor> Module, Tensor Weight)>();
        foreach (var (name, module) in modules)
        {
            var (weight, kind) = module switch
            {
                Linear l => (l.weight, "Linear"),
                Conv2d c => (c.weight, "Conv2d"),
                _ => ((Tensor?)null, ""),
            };
            if (weight is null) continue;
            string described = $"{name} ({kind} [{string.Join(", ", weight.shape)}])";
            var layerOverride = options.PatternFor(name);
            string? denseReason = !options.Selects(name) ? "not selected"
                : options.KeepsDense(name) ? "matches KeepDense"
                : Incompatibility(name, weight, layerOverride, groupSizes, recipe.Target, options);
            if (denseReason is not null)
            {
                log?.WriteLine($"kept dense: {described}: {denseReason}");
                dense.Add((name, (nn.Module<Tensor, Tensor>)module, weight));
                continue;
            }
            SparseLayer wrapper = module is Linear linear ? new SparseLinear(linear) : new SparseConv2d((Conv2d)module);
            int dot = name.LastIndexOf('.');
            var parent = dot < 0 ? model : byName[name[..dot]];
            swaps.Add(ModuleReplacer.Plan(name, parent, name[(dot + 1)..], module, wrapper));
            sparse.Add(new SparsifiedLayer(name, wrapper, layerOverride));
            string pattern = layerOverride?.ToString() ?? recipe.Target.ToString();
            // The dense recipe wraps the same layers (so FLOPs and checkpoints line up) but never masks them.
            log?.WriteLine(recipe.Name == "dense"
                ? $"wrapped, never masked (dense recipe): {described}"
                : $"sparse: {described} as {pattern} along the {AxisName(options.Axis)} dimension");
        }
        swaps.ForEach(swap => swap());
        return (sparse, dense.Select(d => new DenseLayerCounter(d.Name, d.Module, d.Weight)).ToList());
    }

    /// <summary>Every group size M the recipe uses in a non-dense step (structure decay may change M).</summary>
    private static int[] GroupSizes(IRecipe recipe)
    {
        var sizes = new SortedSet<int> { recipe.Target.M };
        for (long step = recipe.Plan.DenseSteps; step < recipe.Plan.TotalSteps; step++)
            sizes.Add(recipe.StateAt(step).Pattern.M);
        return sizes.ToArray();
    }

    /// <summary>Null when the grouped dimension divides into every group size; else the reason (or a throw).</summary>
    private static string? Incompatibility(
        string name, Tensor weight, NmPattern? layerOverride, int[] groupSizes, NmPattern target,
        SparsifyOptions options)
    {
        foreach (int m in layerOverride is { } o ? [o.M] : groupSizes)
        {
            var pattern = layerOverride ?? (m == target.M ? target : NmPattern.Dense(m));
            try
            {
                NmMask.GroupDimension(weight, pattern, options.Axis);
            }
            catch (UserInputException)
            {
                string shown = pattern.IsDense ? $"groups of {m}" : $"{pattern} groups";
                string problem = $"weight [{string.Join(", ", weight.shape)}]: not divisible into {shown} along " +
                    $"the {AxisName(options.Axis)} dimension";
                if (options.KeepIncompatibleDense) return problem;
                string option = SparsifyOptions.NameOf(nameof(SparsifyOptions.KeepIncompatibleDense));
                throw new UserInputException($"layer {name} {problem}; use {option} to keep it dense");
            }
        }
        return null;
    }

    private static string AxisName(GroupAxis axis) => axis == GroupAxis.Input ? "input" : "output";
}
