using NmSparse.Recipes;
using NmSparse.Sparsity;
using NmSparse.Translation.Models;

namespace NmSparse.Translation.Training;

/// <summary>
/// The training options every testbed task shares (translation: <see cref="TrainingOptions"/>; vision has its
/// own): step count and optimisation, the phase lengths of the recipe, which layers are sparsified, evaluation
/// cadence, seed and device. Saved in the run directory and in every checkpoint with the task's own keys.
/// </summary>
public abstract record TrainerOptions
{
    /// <summary>Name of the preset these options started from.</summary>
    public string Preset { get; init; } = "quick";

    // Optimisation: Adam with warm-up, clipped gradients.
    public long Steps { get; init; } = 1000;
    public double LearningRate { get; init; } = 1e-3;
    public long WarmupSteps { get; init; } = 400;
    public double ClipNorm { get; init; } = 1.0;
    public double LabelSmoothing { get; init; } = 0.1;
    public double WeightDecay { get; init; }

    /// <summary>
    /// Weight decay as AdamW applies it, p ← p·(1 − lr·wd) before the Adam update, instead of Adam's L2 term added
    /// to the gradient (<see cref="Optim.AdamOptions.DecoupledWeightDecay"/>). False by default, so the runs saved
    /// before this key existed (their config.json lacks it and reads back false) keep their arithmetic.
    /// </summary>
    public bool DecoupledWeightDecay { get; init; }

    /// <summary>
    /// Dense warm-up steps D; null takes <see cref="DenseFraction"/> of <see cref="Steps"/>, an explicit 0 switches
    /// the dense phase off.
    /// </summary>
    public long? DenseSteps { get; init; }

    /// <summary>Fine-tune steps F; null takes <see cref="FineTuneFraction"/>, an explicit 0 switches it off.</summary>
    public long? FineTuneSteps { get; init; }

    /// <summary>
    /// D as a fraction of <see cref="Steps"/> when <see cref="DenseSteps"/> is unset; null picks the recipe's
    /// default, <see cref="RecipeRegistry.DefaultDenseFraction"/> (0.5 for "static", 0.25 for "step-adam", 0 for the
    /// others).
    /// </summary>
    public double? DenseFraction { get; init; }

    /// <summary>F as a fraction of <see cref="Steps"/> when <see cref="FineTuneSteps"/> is unset.</summary>
    public double FineTuneFraction { get; init; } = 0.1;

    /// <summary>Name globs of the layers to sparsify (default: every projection of the Transformer).</summary>
    public IReadOnlyList<string> SparseLayers { get; init; } = ["*"];

    /// <summary>Name globs of layers that stay dense.</summary>
    public IReadOnlyList<string> KeepDense { get; init; } = [];

    /// <summary>Roles to sparsify: any of ff, q, k, v, out (empty = every role).</summary>
    public IReadOnlyList<string> SparseRoles { get; init; } = [];

    // Evaluation and bookkeeping.
    public long EvalEvery { get; init; } = 500;
    public long CheckpointEvery { get; init; } = 200;
    public long LogEvery { get; init; } = 20;

    public int Seed { get; init; } = 1;
    public string Device { get; init; } = "auto";

    /// <summary>libtorch intra-op threads; 0 = one per core.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Matrix-product precision in training: fp32, bf16 (mixed: float32 master weights, bfloat16 GEMMs; see
    /// <see cref="GemmPrecision"/>), or auto (bf16 where it runs natively, else fp32; resolved when a run is created
    /// by <see cref="Runtime.PrecisionChoice"/>, so a saved run never says auto). Evaluation always runs in float32.
    /// </summary>
    public string Precision { get; init; } = "fp32";

    /// <summary>
    /// The parsed <see cref="Precision"/> (a method, so config files and config.json never list it). The CLI
    /// resolves "auto" before it saves a run (<see cref="Runtime.PrecisionChoice.Resolve"/>); options that still say
    /// auto get this machine's choice here.
    /// </summary>
    public ComputePrecision ParsePrecision() => Precision switch
    {
        "fp32" => ComputePrecision.Float32,
        "bf16" => ComputePrecision.BFloat16,
        Runtime.PrecisionChoice.Auto => Runtime.PrecisionChoice.NativeBf16(Device)
            ? ComputePrecision.BFloat16
            : ComputePrecision.Float32,
        _ => throw new UserInputException(
            $"training option 'precision': '{Precision}' is not one of fp32, bf16, auto"),
    };

    /// <summary>Throws a one-line <see cref="UserInputException"/> naming the first bad key.</summary>
    public abstract void Validate();

    /// <summary>Checks the shared keys; a task's <see cref="Validate"/> calls it besides checking its own.</summary>
    protected void ValidateShared()
    {
        Require(Steps > 0, "steps", "must be positive");
        Require(LearningRate > 0, "learning_rate", "must be positive");
        Require(WarmupSteps > 0, "warmup_steps", "must be positive");
        Require(ClipNorm >= 0, "clip_norm", "must not be negative (0 turns clipping off)");
        Require(LabelSmoothing is >= 0 and < 1, "label_smoothing", "must be in [0, 1)");
        Require(WeightDecay >= 0, "weight_decay", "must not be negative");
        Require(EvalEvery > 0 && CheckpointEvery > 0 && LogEvery > 0, "eval_every/checkpoint_every/log_every",
            "must be positive");
        Require(DenseSteps is null or >= 0, "dense_steps", "must not be negative (0 switches the phase off)");
        Require(FineTuneSteps is null or >= 0, "fine_tune_steps", "must not be negative (0 switches the phase off)");
        Require(DenseFraction is null or (>= 0 and < 1), "dense_fraction", "must be in [0, 1)");
        Require(FineTuneFraction is >= 0 and < 1, "fine_tune_fraction", "must be in [0, 1)");
        Require((DenseFraction ?? 0) + FineTuneFraction < 1, "dense_fraction + fine_tune_fraction", "must be below 1");
        Require(Threads >= 0, "threads", "must not be negative");
        _ = ToSparsifyOptions();
        Require(Device is "auto" or "cpu" or "cuda", "device", "must be auto, cpu or cuda");
        if (Precision != Runtime.PrecisionChoice.Auto) _ = ParsePrecision(); // auto: nothing to check, no device yet
    }

    /// <summary>
    /// The recipe with S = <see cref="Steps"/>, D = <see cref="DenseSteps"/> (unset: the dense fraction of S,
    /// rounded) and F = <see cref="FineTuneSteps"/> (unset: <see cref="FineTuneFraction"/> of S, rounded); the
    /// recipe's own DenseSteps / FineTuneSteps are replaced. "static" and "step-adam" need D ≥ 1
    /// (<see cref="RecipeRegistry.NeedsDensePhase"/>).
    /// </summary>
    public RecipeSettings WithPhases(RecipeSettings recipe)
    {
        double recipeDefault = RecipeRegistry.DefaultDenseFraction(recipe.Recipe);
        double denseFraction = DenseFraction ?? recipeDefault;
        long dense = DenseSteps ?? (long)Math.Round(denseFraction * Steps);
        if (RecipeRegistry.NeedsDensePhase(recipe.Recipe) && dense == 0)
        {
            string why = $"recipe '{recipe.Recipe}' {DensePhasePurpose(recipe.Recipe)}";
            throw new UserInputException(DenseSteps is null
                ? $"training option 'dense_fraction' {denseFraction} gives 0 dense steps of {Steps}, but {why}: " +
                  $"raise it or leave it unset (default {recipeDefault} for {recipe.Recipe})"
                : $"training option 'dense_steps' is 0, but {why}: set dense_steps ≥ 1 or leave it unset " +
                  $"(default {recipeDefault} of steps)");
        }
        return recipe with
        {
            Steps = Steps,
            DenseSteps = dense,
            FineTuneSteps = FineTuneSteps ?? (long)Math.Round(FineTuneFraction * Steps),
        };
    }

    private static string DensePhasePurpose(string recipe) => recipe == "static"
        ? "prunes a trained dense model once"
        : "learns Adam's second moment in its dense phase";

    /// <summary>The layer selection for <see cref="Sparsifier.Apply"/>.</summary>
    public virtual SparsifyOptions ToSparsifyOptions() => new()
    {
        Include = SparseLayers,
        KeepDense = KeepDense,
        Roles = SparseRoles.Count == 0 ? null : SparseRoles.Select(ParseRole).ToHashSet(),
    };

    private static LayerRole ParseRole(string role) => role switch
    {
        "ff" => LayerRole.FeedForward,
        "q" => LayerRole.Query,
        "k" => LayerRole.Key,
        "v" => LayerRole.Value,
        "out" => LayerRole.AttentionOut,
        _ => throw new UserInputException($"training option 'sparse_roles': '{role}' is not one of ff, q, k, v, out"),
    };

    /// <summary>Throws "training option 'KEY' WHAT" unless <paramref name="ok"/>.</summary>
    protected static void Require(bool ok, string key, string what)
    {
        if (!ok) throw new UserInputException($"training option '{key}' {what}");
    }
}
