using NmSparse.Recipes;
using NmSparse.Sparsity;
using NmSparse.Translation.Models;
using NmSparse.Translation.Training;
using TorchSharp.Modules;

namespace NmSparse.Translation.Study;

/// <summary>
/// The GEMM layers of the translation Transformer for <see cref="PlannedFlops"/>, for one nominal step of
/// <see cref="NominalLength"/>-subword sentences filling a batch of <see cref="TrainingOptions.BatchTokens"/>: the
/// layers the run's layer selection sparsifies (found by applying it to a freshly built model, so globs, roles and
/// keep-dense lists count exactly as in training) and the Linear layers it keeps dense. Source and target have the
/// same nominal length, so every layer reads the same rows.
/// </summary>
public static class TransformerFlopLayers
{
    /// <summary>
    /// The sentence length assumed for the nominal step. Only the attention products depend on it beyond the
    /// token count (a few per cent of a step's FLOPs at the study preset), so its choice hardly moves the estimate.
    /// </summary>
    public const int NominalLength = 24;

    /// <summary>Sentences in the nominal step: batch tokens / <see cref="NominalLength"/>, at least 1.</summary>
    public static long Sentences(TrainingOptions options) => Math.Max(1, options.BatchTokens / NominalLength);

    /// <summary>The layers of <paramref name="config"/> (vocabulary resolved) under <paramref name="options"/>.
    /// </summary>
    public static IReadOnlyList<FlopLayer> For(TransformerConfig config, TrainingOptions options,
        RecipeSettings recipe)
    {
        long rows = Sentences(options) * NominalLength;
        using var model = new Seq2SeqTransformer(config);
        // Any sparse recipe finds the layers the selection sparsifies at this pattern.
        var probe = new RecipeSettings { Recipe = "ste", Pattern = recipe.Pattern, Steps = 1 };
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(probe), options.ToSparsifyOptions());
        var sparse = sparsifier.Layers.ToDictionary(l => l.Name, l => l.Module.Weight.numel());
        var layers = new List<FlopLayer>();
        foreach (var (name, module) in model.named_modules())
        {
            if (sparse.TryGetValue(name, out long weights)) layers.Add(new FlopLayer(name, weights, rows, true));
            else if (module is Linear linear) layers.Add(new FlopLayer(name, linear.weight!.numel(), rows, false));
        }
        return layers;
    }

    /// <summary>The never-sparsified FLOPs of the nominal step (<see cref="TransformerRemainderFlops"/>).</summary>
    public static long Remainder(TransformerConfig config, TrainingOptions options) =>
        TransformerRemainderFlops.ForStep(config, Sentences(options), NominalLength, NominalLength);
}
