using NmSparse.Masks;
using NmSparse.Recipes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Sparsity;

/// <summary>
/// Prunes a trained dense model to N:M in place, without retraining: optionally permutes the channels of given layer
/// pairs (Pool &amp; Yu 2021, by magnitude, folded into the previous layer so the dense model's function is
/// unchanged), then, for Wanda scores, runs the calibration batches, computes each selected layer's mask once
/// (the "static" recipe's mask at its step D) and bakes it into the weights. The wrapped layers then run dense with
/// the pruned weights; the returned sparsifier reports their <see cref="Sparsifier.Diagnostics"/>.
/// </summary>
public static class OneShotPruner
{
    /// <summary>
    /// Prunes <paramref name="model"/>; <paramref name="calibrationBatch"/>(i) must run the model forward on
    /// calibration batch i (eval mode) when the score is "wanda". Returns one message per permuted pair via
    /// <paramref name="log"/>. Errors name the setting (<c>RecipeSettings.Score</c>, …) or the layer.
    /// </summary>
    public static Sparsifier Prune(
        nn.Module model, OneShotPruneSettings settings, SparsifyOptions? options = null,
        Action<int>? calibrationBatch = null, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        var recipe = RecipeRegistry.Create(new RecipeSettings
        {
            Recipe = "static", Pattern = settings.Pattern, Steps = 2, DenseSteps = 1, Score = settings.Score,
            CalibrationBatches = settings.CalibrationBatches,
        });
        if (recipe.Score == MaskScore.Wanda && calibrationBatch is null)
            throw new ArgumentNullException(nameof(calibrationBatch), "the wanda score needs calibration batches");
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        foreach (var (previous, layer) in settings.PermutePairs)
            Permute(modules, previous, layer, settings, log);
        var sparsifier = Sparsifier.Apply(model, recipe, options, log);
        if (sparsifier.NeedsCalibrationAt(1))
            sparsifier.CalibrateInputNorms(settings.CalibrationBatches, calibrationBatch!);
        sparsifier.Step(1);
        sparsifier.BakeMasks();
        return sparsifier;
    }

    private static void Permute(
        Dictionary<string, nn.Module> modules, string previousName, string layerName, OneShotPruneSettings settings,
        TextWriter? log)
    {
        var (previousWeight, previousBias) = WeightAndBias(modules, previousName);
        var (weight, _) = WeightAndBias(modules, layerName);
        using var scores = ChannelPermutation.ScoreMatrix(weight);
        var result = ChannelPermutation.Search(scores, settings.Pattern, settings.MaxSwaps);
        ChannelPermutation.Apply(weight, result.Permutation, previousWeight, previousBias);
        log?.WriteLine($"permuted: {previousName} → {layerName}: {result.Swaps} swaps, kept magnitude " +
            $"{result.KeptBefore:G6} → {result.KeptAfter:G6}");
    }

    private static (Tensor Weight, Tensor? Bias) WeightAndBias(Dictionary<string, nn.Module> modules, string name) =>
        modules.GetValueOrDefault(name) switch
        {
            Linear l => (l.weight, l.bias),
            Conv2d c => (c.weight, c.bias),
            SparseLayer s => (s.Weight, s.Bias),
            null => throw new UserInputException($"permutation: no module named '{name}'"),
            var other => throw new UserInputException(
                $"permutation: module '{name}' is a {other.GetType().Name}, not a Linear or Conv2d"),
        };
}
