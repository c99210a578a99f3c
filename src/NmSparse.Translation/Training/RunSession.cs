using System.Text.Json;
using NmSparse.Flops;
using NmSparse.Optim;
using NmSparse.Recipes;
using NmSparse.Sparsity;
using TorchSharp;
using TorchSharp.Modules;

namespace NmSparse.Translation.Training;

/// <summary>
/// The mutable state of a run of any testbed task: the sparsified model, its optimizer and the counters a
/// checkpoint stores, with the checkpoint's save and load. The translation task's <see cref="TrainingSession"/>
/// and the vision task's session build it; everything else about a run is the task's own.
/// </summary>
/// <typeparam name="TModel">The task's model.</typeparam>
public class RunSession<TModel> : IRunState where TModel : torch.nn.Module
{
    public RunSession(TModel model, Sparsifier sparsifier, OptimizerHelper optimizer)
    {
        Model = model;
        Sparsifier = sparsifier;
        Optimizer = optimizer;
    }

    public TModel Model { get; }
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

    /// <summary>What the task trains on, counted: target tokens (translation), images (vision).</summary>
    public long TrainedItems { get; set; }

    /// <summary>FLOPs of the parts the sparsifier's accountant does not see (the task counts them).</summary>
    public long OtherFlops { get; set; }

    /// <summary>Best validation score at final masks so far (BLEU, accuracy); −1 before the first.</summary>
    public double BestScore { get; set; } = -1;

    /// <summary>Step of <see cref="BestScore"/> (counted from 0), −1 before the first.</summary>
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

    /// <summary>Everything a checkpoint stores as tensors: parameters, buffers (masks) and Adam's moments.</summary>
    public IEnumerable<torch.Tensor> StateTensors()
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
        // TorchSharp's Adam and NmSparse.Optim.Adam (a subclass, to keep its checkpoint format) share this state.
        foreach (var state in Optimizer.state_dict().State.OfType<TorchSharp.Modules.Adam.State>())
        {
            yield return state.exp_avg;
            yield return state.exp_avg_sq;
            if (state.max_exp_avg_sq is not null) yield return state.max_exp_avg_sq;
        }
    }

    /// <summary>
    /// Adam(β₁, β₂, ε) over every parameter of <paramref name="model"/> with the options' learning rate and weight
    /// decay (L2, or AdamW's decoupled form), or the recipe's own optimizer with those settings (STEP's
    /// frozen-second-moment Adam for "step-adam").
    /// </summary>
    public static OptimizerHelper CreateOptimizer(torch.nn.Module model, Sparsifier sparsifier,
        TrainerOptions options, double beta2, double eps) =>
        sparsifier.CreateOptimizer(model.parameters(), new AdamOptions
        {
            LearningRate = options.LearningRate, Beta1 = 0.9, Beta2 = beta2, Eps = eps,
            WeightDecay = options.WeightDecay, DecoupledWeightDecay = options.DecoupledWeightDecay,
        });

    /// <summary>
    /// Wraps the layers <paramref name="options"/> select with <paramref name="recipe"/>'s sparse layers and
    /// passes the sparsifier's one line per layer to <paramref name="observer"/>; a dense run says so in one line
    /// (the dense recipe wraps every layer only to count its FLOPs like a sparse run's).
    /// </summary>
    public static Sparsifier ApplySparsifier(torch.nn.Module model, RecipeSettings recipe, TrainerOptions options,
        ITrainingObserver observer)
    {
        var log = new StringWriter();
        var created = RecipeRegistry.Create(recipe);
        var sparsifier = Sparsifier.Apply(model, created, options.ToSparsifyOptions(), log);
        if (created is DenseRecipe)
        {
            observer.OnMessage("dense: no layer is sparsified");
            return sparsifier;
        }
        foreach (var line in log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            observer.OnMessage(line);
        return sparsifier;
    }

    /// <summary>Writes a checkpoint (atomically) and remembers it as the last clean one.</summary>
    public void Save(string path)
    {
        var header = new CheckpointHeader(NextStep, TrainingSeconds, TrainedItems, Sparsifier.Flops.ToSnapshot(),
            OtherFlops, BestScore, BestStep, ValidationSeconds, CheckpointSeconds);
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

    /// <summary>Restores model, optimizer and counters from the checkpoint at <paramref name="path"/>.</summary>
    public void Load(string path, ITrainingObserver observer)
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
        TrainedItems = header.TrainedItems;
        OtherFlops = header.OtherFlops;
        BestScore = header.BestScore;
        BestStep = header.BestStep;
        LastCheckpointPath = path;
        LastCheckpointStep = NextStep;
        observer.OnMessage($"resumed from {path} at step {NextStep} ({TrainingSeconds:F0} s trained so far)");
    }
}
