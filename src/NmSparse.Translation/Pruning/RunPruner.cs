using System.Diagnostics;
using System.Text.Json;
using NmSparse.Flops;
using NmSparse.Recipes;
using NmSparse.Sparsity;
using NmSparse.Translation.Data;
using NmSparse.Translation.IO;
using NmSparse.Translation.Metrics;
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
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static PruneOutcome Prune(PruneRequest request, Action<string>? log = null)
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
        WriteCheckpoint(staged, model, header);
        var result = Score(staged, model, source.Tokenizer, device, dataDir, options, recipe, header, sparsifier);
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

    /// <summary>The pruned model as the run's last checkpoint: no optimizer state, no best validation yet.</summary>
    private static void WriteCheckpoint(RunDirectory run, Seq2SeqTransformer model, CheckpointHeader source)
    {
        using var stream = new MemoryStream();
        model.save(stream);
        var header = source with { BestScore = -1, BestStep = -1 };
        CheckpointFile.Write(run.LastCheckpoint, JsonSerializer.Serialize(header),
            new Dictionary<string, byte[]> { ["model"] = stream.ToArray() });
    }

    /// <summary>
    /// Scores the pruned model and writes result.json and the test translations. Training time, tokens and FLOPs
    /// are the source's up to the pruned checkpoint (pruning trains nothing; the calibration pass is not counted).
    /// </summary>
    private static RunResult Score(RunDirectory run, Seq2SeqTransformer model, SubwordTokenizer tokenizer,
        Device device, string dataDir, TrainingOptions options, RecipeSettings recipe, CheckpointHeader header,
        Sparsifier sparsifier)
    {
        var evaluator = new TranslationEvaluator(model, tokenizer, device, options.BatchTokens);
        var validSplit = Split(tokenizer, dataDir, "valid", int.MaxValue);
        var test = Split(tokenizer, dataDir, "test", int.MaxValue);
        var validWatch = Stopwatch.StartNew();
        var (valid, _) = evaluator.Evaluate(validSplit, header.NextStep - 1, validSplit.Count, beam: 1);
        validWatch.Stop();
        var testWatch = Stopwatch.StartNew();
        var hypotheses = evaluator.Translate(test.Sources, options.Beam);
        testWatch.Stop();
        var bleu = CorpusBleu.Compute(hypotheses, test.Pairs.Select(p => p.De).ToList());
        AtomicFile.WriteText(run.TestHypotheses, string.Concat(hypotheses.Select(h => h + "\n")));

        var flops = FlopAccountant.FromSnapshot(header.SparseFlops);
        long total = flops.Total.Total + header.OtherFlops;
        long dense = flops.DenseTotal.Total + header.OtherFlops;
        var (layerFlops, layerDense) = TrainingSession.SparsifiedLayerFlops(flops, sparsifier);
        var result = new RunResult
        {
            Recipe = recipe.Recipe,
            Pattern = recipe.Pattern.ToString(),
            Preset = options.Preset,
            Steps = header.NextStep,
            TestBleu = bleu.Score,
            TestBleuLine = bleu.ToString(),
            TestBleuSignature = bleu.Signature,
            ValidLoss = valid.Loss,
            ValidPerplexity = valid.Perplexity,
            ValidBleu = valid.Bleu,
            BestCheckpointStep = 0,
            BestCheckpointValidBleu = -1,
            TargetTokens = header.TrainedItems,
            TargetTokensPerSecond = header.TrainedItems / Math.Max(header.TrainingSeconds, 1e-9),
            TrainingSeconds = header.TrainingSeconds,
            ValidationSeconds = header.ValidationSeconds,
            CheckpointSeconds = header.CheckpointSeconds,
            FinalValidSeconds = validWatch.Elapsed.TotalSeconds,
            TestDecodeSeconds = testWatch.Elapsed.TotalSeconds,
            TrainingFlops = total,
            DenseTrainingFlops = dense,
            FlopRatioToDense = dense == 0 ? 1 : (double)total / dense,
            SparseLayerFlops = layerFlops,
            SparseLayerDenseFlops = layerDense,
            SparseLayerFlopRatio = layerDense == 0 ? 1 : (double)layerFlops / layerDense,
            // β 0 as for a trained static run: the binary mask is in force (baked, so the layers now run dense).
            Layers = sparsifier.Diagnostics()
                .Select(d => new LayerSummary(d.Name, d.Pattern.ToString(), d.Density, Beta: 0.0)).ToList(),
        };
        AtomicFile.WriteText(run.Result, JsonSerializer.Serialize(result, Json));
        return result;
    }
}
