using NmSparse.Optim;
using System.Text.Json;
using NmSparse.Translation.Data;
using NmSparse.Flops;
using NmSparse.Translation.Models;
using NmSparse.Recipes;
using NmSparse.Sparsity;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Translation.Training;

/// <summary>
/// The mutable state of a run: the sparsified model, its optimizer and the counters a checkpoint stores. Built
/// fresh (seeded) or from the last checkpoint of the run directory.
/// </summary>
public sealed class TrainingSession
{
    private TrainingSession(Seq2SeqTransformer model, Sparsifier sparsifier, OptimizerHelper optimizer)
    {
        Model = model;
        Sparsifier = sparsifier;
        Optimizer = optimizer;
    }

    public Seq2SeqTransformer Model { get; }
    public Sparsifier Sparsifier { get; }
    public OptimizerHelper Optimizer { get; }
    public long FirstStep { get; private set; }
    public long NextStep { get; set; }

    /// <summary>Time in training steps over all sessions: no validation, no checkpoint writes.</summary>
    public double TrainingSeconds { get; set; }

    /// <summary>Time in periodic validation over all sessions.</summary>
    public double ValidationSeconds { get; set; }

    /// <summary>Time writing checkpoints over all sessions.</summary>
    public double CheckpointSeconds { get; set; }

    public long TargetTokens { get; set; }
    public long OtherFlops { get; set; }
    public double BestBleu { get; set; } = -1;
    public long BestStep { get; set; } = -1;

    /// <summary>The checkpoint written (or resumed from) last; null before the first.</summary>
    public string? LastCheckpointPath { get; private set; }

    /// <summary>Steps trained when <see cref="LastCheckpointPath"/> was written.</summary>
    public long LastCheckpointStep { get; private set; }

    /// <summary>Training FLOPs of the whole model relative to training it dense.</summary>
    public double FlopRatio()
    {
        long dense = Sparsifier.Flops.DenseTotal.Total + OtherFlops;
        return dense == 0 ? 1.0 : (double)(Sparsifier.Flops.Total.Total + OtherFlops) / dense;
    }

    /// <summary>
    /// Training FLOPs of the sparsified layers only, and what training them dense would cost (layers the
    /// sparsifier kept dense are counted by the same accountant and are left out here).
    /// </summary>
    public (long Actual, long Dense) SparsifiedLayerFlops() => SparsifiedLayerFlops(Sparsifier.Flops, Sparsifier);

    /// <summary>
    /// The same for the FLOP totals <paramref name="flops"/> and the layers <paramref name="sparsifier"/> wraps.
    /// </summary>
    public static (long Actual, long Dense) SparsifiedLayerFlops(FlopAccountant flops, Sparsifier sparsifier)
    {
        var sparsified = sparsifier.Layers.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        var totals = flops.PerLayer.Where(kv => sparsified.Contains(kv.Key)).Select(kv => kv.Value).ToList();
        return (totals.Sum(t => t.Actual.Total), totals.Sum(t => t.Dense.Total));
    }

    /// <summary>
    /// Everything a checkpoint stores as tensors: parameters, buffers (masks) and the optimizer's moments (Adam's,
    /// or StepAdam's, whose frozen second moments a resumed run would take as they are).
    /// </summary>
    public IEnumerable<Tensor> StateTensors()
    {
        foreach (var tensor in Model.state_dict().Values) yield return tensor;
        if (Optimizer is StepAdam stepAdam)
        {
            foreach (var parameter in stepAdam.parameters())
            {
                yield return stepAdam.FirstMoment(parameter);
                yield return stepAdam.SecondMoment(parameter);
            }
        }
        foreach (var state in Optimizer.state_dict().State.OfType<Adam.State>())
        {
            yield return state.exp_avg;
            yield return state.exp_avg_sq;
            if (state.max_exp_avg_sq is not null) yield return state.max_exp_avg_sq;
        }
    }

    public static TrainingSession Create(TrainingRequest request, TranslationData data, Device device,
        ITrainingObserver observer)
    {
        var options = request.Options;
        manual_seed(options.Seed);
        var config = ModelConfig(options, data.Tokenizer);
        var model = new Seq2SeqTransformer(config) { Precision = options.ParsePrecision() };
        model.to(device);
        var recipe = RecipeRegistry.Create(request.Recipe);
        var log = new StringWriter();
        var sparsifier = Sparsifier.Apply(model, recipe, options.ToSparsifyOptions(), log);
        // The dense recipe wraps every layer only to count its FLOPs like a sparse run's: one line says so.
        if (recipe is DenseRecipe)
        {
            observer.OnMessage("dense: no layer is sparsified");
        }
        else
        {
            foreach (var line in log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                observer.OnMessage(line);
        }
        var optimizer = CreateOptimizer(model, sparsifier, options);
        var session = new TrainingSession(model, sparsifier, optimizer);
        if (request.Resume) session.Load(request.Run.LastCheckpoint, observer);
        return session;
    }

    /// <summary>
    /// Adam(0.9, 0.98, 1e-9) over every parameter with the options' learning rate and weight decay, or the recipe's
    /// own optimizer with those settings (STEP's frozen-second-moment Adam for "step-adam").
    /// </summary>
    public static OptimizerHelper CreateOptimizer(Seq2SeqTransformer model, Sparsifier sparsifier,
        TrainingOptions options) =>
        sparsifier.CreateOptimizer(model.parameters(), new AdamOptions
        {
            LearningRate = options.LearningRate, Beta1 = 0.9, Beta2 = 0.98, Eps = 1e-9,
            WeightDecay = options.WeightDecay,
        });

    /// <summary>The Transformer shape for these options and this tokenizer.</summary>
    public static TransformerConfig ModelConfig(TrainingOptions options, SubwordTokenizer tokenizer) =>
        options.Model with
    {
        VocabSize = tokenizer.VocabSize,
        MaxLength = Math.Max(options.MaxTokens + 2, options.Model.MaxLength),
        PadId = tokenizer.PadId,
        BosId = tokenizer.BosId,
        EosId = tokenizer.EosId,
    };

    public void Save(string path)
    {
        var header = new CheckpointHeader(NextStep, TrainingSeconds, TargetTokens, Sparsifier.Flops.ToSnapshot(),
            OtherFlops, BestBleu, BestStep, ValidationSeconds, CheckpointSeconds);
        using var modelStream = new MemoryStream();
        Model.save(modelStream);
        using var optimStream = new MemoryStream();
        using (var writer = new BinaryWriter(optimStream, System.Text.Encoding.UTF8, leaveOpen: true))
            Optimizer.save_state_dict(writer);
        CheckpointFile.Write(path, JsonSerializer.Serialize(header), new Dictionary<string, byte[]>
        {
            ["model"] = modelStream.ToArray(),
            ["optimizer"] = optimStream.ToArray(),
        });
        LastCheckpointPath = path;
        LastCheckpointStep = NextStep;
    }

    private void Load(string path, ITrainingObserver observer)
    {
        var (header, sections) = CheckpointHeader.Read(path);
        using (var modelStream = new MemoryStream(sections["model"])) Model.load(modelStream);
        using (var reader = new BinaryReader(new MemoryStream(sections["optimizer"])))
            Optimizer.load_state_dict(reader);
        Sparsifier.RestoreFlops(header.SparseFlops);
        FirstStep = NextStep = header.NextStep;
        TrainingSeconds = header.TrainingSeconds;
        ValidationSeconds = header.ValidationSeconds;
        CheckpointSeconds = header.CheckpointSeconds;
        TargetTokens = header.TargetTokens;
        OtherFlops = header.OtherFlops;
        BestBleu = header.BestBleu;
        BestStep = header.BestStep;
        LastCheckpointPath = path;
        LastCheckpointStep = NextStep;
        observer.OnMessage($"resumed from {path} at step {NextStep} ({TrainingSeconds:F0} s trained so far)");
    }
}
