using System.Text.Json;
using NmSparse.Recipes;
using NmSparse.Sparsity;
using NmSparse.Translation.Data;
using NmSparse.Translation.IO;
using NmSparse.Translation.Models;
using NmSparse.Translation.Runtime;
using NmSparse.Translation.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Pruning;

/// <summary>
/// One-shot N:M pruning of a trained run without retraining (the "static" baseline's mask, for a user's trained
/// model): loads a checkpoint of the run (its own final masks baked in), optionally permutes channels
/// (<see cref="TransformerPermutations"/>), prunes every projection the run's layer selection sparsifies with
/// <see cref="OneShotPruner"/> (Wanda input norms from the first K training batches of the run's batch order, eval
/// mode, no gradients), scores the pruned model (whole validation split: loss, perplexity, greedy BLEU; test split
/// at the run's beam) and writes a complete run folder that eval and translate load unchanged.
/// </summary>
public static class RunPruner
{
    /// <summary>
    /// Prunes <paramref name="request"/>'s run into its output folder; <paramref name="log"/> gets the progress
    /// lines, <paramref name="clock"/> (default: the system clock) times the final evaluation.
    /// </summary>
    public static PruneOutcome Prune(PruneRequest request, Action<string>? log = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        StagedRunFolder.RequireEmpty(request.Out.Root);
        var device = TorchRuntime.ResolveDevice(request.Device);
        using var source = TrainedModel.Load(request.Source, request.Checkpoint, device);
        var (header, _) = CheckpointHeader.Read(
            request.Checkpoint == "best" ? request.Source.BestCheckpoint : request.Source.LastCheckpoint);
        var options = source.Config.Training;
        var selection = options.ToSparsifyOptions();
        using var model = PlainCopy(source, device);
        var permutations = request.Permute
            ? TransformerPermutations.Apply(model, selection, request.Pattern, log: log)
            : [];

        string dataDir = request.DataDir ?? source.Config.DataDir;
        var train = Split(source.Tokenizer, dataDir, "train", options.MaxTokens);
        var batcher = new TokenBatcher(train.SourceLengths(), train.TargetLengths(), options.BatchTokens, options.Seed);
        var settings = new OneShotPruneSettings
        {
            Pattern = request.Pattern, Score = request.Score, CalibrationBatches = request.CalibrationBatches,
        };
        var messages = new StringWriter();
        model.eval();
        using var sparsifier = OneShotPruner.Prune(model, settings, selection, i =>
        {
            using var tensors = BatchTensors.Create(train, batcher.ForStep(i).Indices, model.Config.PadId, device);
            model.call(tensors.Source, tensors.TargetIn).Dispose();
        }, messages);
        foreach (var line in messages.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) log?.Invoke(line);
        bool wanda = settings.Score == "wanda";
        if (wanda) log?.Invoke($"calibrated input norms on {settings.CalibrationBatches} training batches");

        var oneShot = new OneShotProvenance("one-shot", Path.GetFullPath(request.Source.Root), request.Checkpoint,
            header.NextStep, settings.Score, wanda ? settings.CalibrationBatches : 0, request.Permute, permutations);
        // A "static" run whose dense phase was the source's training: mask computed once at step D, no fine-tune.
        var recipe = new RecipeSettings
        {
            Recipe = "static", Pattern = request.Pattern, Steps = header.NextStep + 1, DenseSteps = header.NextStep,
            Score = settings.Score, CalibrationBatches = settings.CalibrationBatches,
        };
        recipe.Validate();
        using var folder = StagedRunFolder.Create(request.Out.Root);
        var staged = new RunDirectory(folder.Staging);
        new OneShotRunConfig(options, recipe, dataDir, oneShot).Save(staged);
        AtomicFile.WriteAllBytes(staged.Tokenizer, File.ReadAllBytes(request.Source.Tokenizer));
        // The pruned model is the run's last checkpoint: no optimizer state, no best validation yet.
        var pruned = header with { BestScore = -1, BestStep = -1 };
        WriteCheckpoint(staged, model, pruned);
        var result = Score(staged, model, source.Tokenizer, device, dataDir, options, recipe, pruned, sparsifier,
            clock ?? TimeProvider.System);
        folder.Commit();
        return new PruneOutcome(request.Out, result, oneShot);
    }

    /// <summary>A plain (unsparsified) model holding the loaded run's weights, masks already baked in.</summary>
    private static Seq2SeqTransformer PlainCopy(TrainedModel source, Device device)
    {
        var model = new Seq2SeqTransformer(source.Model.Config);
        model.to(device);
        var trained = source.Model.state_dict();
        using var noGrad = no_grad();
        foreach (var (name, tensor) in model.state_dict()) tensor.copy_(trained[name]);
        return model;
    }

    private static EncodedSplit Split(SubwordTokenizer tokenizer, string dataDir, string name, int maxTokens) =>
        TranslationData.Encode(tokenizer, name, ParallelCorpus.Read(dataDir, name), maxTokens);

    /// <summary>The model as the run's last checkpoint with <paramref name="header"/>, no optimizer state.
    /// </summary>
    private static void WriteCheckpoint(RunDirectory run, Seq2SeqTransformer model, CheckpointHeader header)
    {
        using var stream = new MemoryStream();
        model.save(stream);
        CheckpointFile.Write(run.LastCheckpoint, JsonSerializer.Serialize(header),
            new Dictionary<string, byte[]> { ["model"] = stream.ToArray() });
    }

    /// <summary>
    /// Scores the pruned model and writes result.json and the test translations. Training time, tokens and FLOPs
    /// are the source's up to the pruned checkpoint (pruning trains nothing; the calibration pass is not counted).
    /// </summary>
    private static RunResult Score(RunDirectory run, Seq2SeqTransformer model, SubwordTokenizer tokenizer,
        Device device, string dataDir, TrainingOptions options, RecipeSettings recipe, CheckpointHeader header,
        Sparsifier sparsifier, TimeProvider clock)
    {
        var evaluator = new TranslationEvaluator(model, tokenizer, device, options.BatchTokens);
        var valid = Split(tokenizer, dataDir, "valid", int.MaxValue);
        var test = Split(tokenizer, dataDir, "test", int.MaxValue);
        var totals = RunTotals.Of(header, sparsifier);
        var scores = FinalScores.Measure(evaluator, valid, test, totals.Steps - 1, options.Beam, run.TestHypotheses,
            clock);
        // β 0 as for a trained static run: the binary mask is in force (baked, so the layers now run dense).
        var layers = sparsifier.Diagnostics()
            .Select(d => new LayerSummary(d.Name, d.Pattern.ToString(), d.Density, Beta: 0.0)).ToList();
        var result = RunResults.Create(recipe.Recipe, recipe.Pattern.ToString(), options.Preset, totals, scores,
            layers, codeVersion: null, MachineDescription.Current);
        RunResults.Write(run.Result, result);
        return result;
    }
}
