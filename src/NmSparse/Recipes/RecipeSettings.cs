using NmSparse.Masks;
using NmSparse.Schedules;

namespace NmSparse.Recipes;

/// <summary>
/// Everything that chooses and parameterises a recipe. Call <see cref="Validate"/> (or
/// <see cref="RecipeRegistry.Create"/>, which does) before use: it throws one-line <see cref="SettingException"/>s
/// that name the offending setting as <c>RecipeSettings.Property</c>.
/// </summary>
public sealed record RecipeSettings
{
    /// <summary>One of <see cref="RecipeRegistry.Names"/>.</summary>
    public string Recipe { get; init; } = "ste";

    /// <summary>The target N:M (for "gmp": the unstructured density N/M to end at).</summary>
    public NmPattern Pattern { get; init; } = new(2, 4);

    /// <summary>Total training steps S.</summary>
    public long Steps { get; init; }

    /// <summary>Dense warm-up steps D at the start (at least 1 for "static": it prunes the trained weights).</summary>
    public long DenseSteps { get; init; }

    /// <summary>Fine-tune steps F at the end (fixed final mask).</summary>
    public long FineTuneSteps { get; init; }

    /// <summary>Mask-decay schedule β(t): step | linear | exp | discrete (mask-decay recipes only).</summary>
    public string Decay { get; init; } = "linear";

    /// <summary>Decay rate α; null picks the schedule's default (<see cref="MaskDecaySchedules.Create"/>).</summary>
    public double? Alpha { get; init; }

    /// <summary>Stair length of the discrete decay; null picks its default.</summary>
    public long? Every { get; init; }

    /// <summary>Structure-decay schedule N:M(t): stepwise | geometric | custom (structure-decay recipes).</summary>
    public string Structure { get; init; } = "stepwise";

    /// <summary>Frames of the geometric structure decay.</summary>
    public int Frames { get; init; } = 4;

    /// <summary>The stages of the custom structure decay.</summary>
    public IReadOnlyList<StructureStage>? CustomStages { get; init; }

    /// <summary>SR-STE decay λ ("srste" only).</summary>
    public double SrSteLambda { get; init; } = 2e-4;

    /// <summary>
    /// SR-STE's gradient term λ(1−m)⊙w added to the decay recipes' straight-through gradient ("mask-decay",
    /// "structure-decay", "mask-structure-decay"; other recipes ignore it, so one sweep setting can hold it). 0, the
    /// default, is the papers' recipes (straight-through only, as the reference code does); &gt; 0 makes the
    /// SR-STE-regularised variant of each.
    /// </summary>
    public double DecaySrSteLambda { get; init; }

    /// <summary>GMP: rank all layers together (true) or each layer on its own (false).</summary>
    public bool GmpGlobal { get; init; }

    /// <summary>GMP: steps between mask updates.</summary>
    public long GmpFrequency { get; init; } = 100;

    /// <summary>GMP: pruning ends at D + GmpEndFraction·L.</summary>
    public double GmpEndFraction { get; init; } = 0.75;

    /// <summary>Masked-decay λ ("masked-decay"; Hu et al. 2024: 6e-5 for GPT-2 124M/774M, 2e-4 350M/1.5B).</summary>
    public double MaskedDecayLambda { get; init; } = 6e-5;

    /// <summary>Sparse steps between mask refreshes K ("masked-decay"; 40 in the authors' code).</summary>
    public long MaskInterval { get; init; } = 40;

    /// <summary>Mask score: magnitude | wanda (wanda: "static" only, after a calibration pass).</summary>
    public string Score { get; init; } = "magnitude";

    /// <summary>Training batches the Wanda calibration pass runs (forward only) to measure input norms.</summary>
    public int CalibrationBatches { get; init; } = 16;

    /// <summary>"step-adam": choose the switch with the AutoSwitch test (D is then the latest switch).</summary>
    public bool StepAutoSwitch { get; init; }

    /// <summary>"step-adam" AutoSwitch: no switch before this many steps (T_min); null = D/5.</summary>
    public long? StepSwitchMinSteps { get; init; }

    /// <summary>The phase split; <see cref="PhasePlan"/>'s constructor is its only check.</summary>
    public PhasePlan CreatePlan() => new(Steps, DenseSteps, FineTuneSteps);

    /// <summary>
    /// The β(t) schedule named by <see cref="Decay"/>, <see cref="Alpha"/> and <see cref="Every"/>
    /// (<see cref="MaskDecaySchedules.Create"/> checks them).
    /// </summary>
    public IMaskDecaySchedule CreateDecay() =>
        MaskDecaySchedules.Create(Decay, Alpha, Every, CreatePlan().SparseLength);

    /// <summary>The N:M(t) schedule named by <see cref="Structure"/>, ending at <see cref="Pattern"/>.</summary>
    public IStructureSchedule CreateStructure() => Structure switch
    {
        "stepwise" => Keyed(nameof(Structure), () => new StepwiseStructure(Pattern)),
        "geometric" => Keyed(nameof(Frames), () => new GeometricStructure(Pattern, Frames)),
        "custom" => CreateCustom(),
        _ => throw Error(nameof(Structure), $"'{Structure}' is not one of stepwise, geometric, custom"),
    };

    /// <summary>Checks every setting; throws a one-line <see cref="SettingException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (!RecipeRegistry.Names.Contains(Recipe))
            throw Error(nameof(Recipe), $"'{Recipe}' is not one of {string.Join(", ", RecipeRegistry.Names)}");
        if (Pattern.M < 2) throw Error(nameof(Pattern), "is not set (expected N:M with 1 ≤ N < M)");
        if (Pattern.IsDense && Recipe != "dense")
            throw Error(nameof(Pattern), $"{Pattern} prunes nothing; use N < M");
        CreatePlan();
        if (Recipe == "static") StaticMaskRecipe.RequireDensePhase(this);
        RequireNonNegative(nameof(SrSteLambda), SrSteLambda);
        RequireNonNegative(nameof(DecaySrSteLambda), DecaySrSteLambda);
        RequireNonNegative(nameof(MaskedDecayLambda), MaskedDecayLambda);
        if (MaskInterval < 1) throw Error(nameof(MaskInterval), $"must be at least 1 (got {MaskInterval})");
        var score = ParseScore();
        if (score == MaskScore.Wanda && Recipe != "static")
            throw Error(nameof(Score),
                $"'wanda' is a one-shot score for the static recipe only (recipe is '{Recipe}')");
        if (CalibrationBatches < 1)
            throw Error(nameof(CalibrationBatches), $"must be at least 1 (got {CalibrationBatches})");
        if (Recipe == "step-adam") StepAdamRecipe.RequireDensePhase(this);
        if (GmpFrequency < 1) throw Error(nameof(GmpFrequency), $"must be at least 1 (got {GmpFrequency})");
        if (!(GmpEndFraction > 0.0 && GmpEndFraction <= 1.0))
            throw Error(nameof(GmpEndFraction), $"must be in (0, 1] (got {GmpEndFraction})");
        if (RecipeRegistry.UsesMaskDecay(Recipe)) CreateDecay();
        if (RecipeRegistry.UsesStructureDecay(Recipe)) CreateStructure();
    }

    /// <summary>The <see cref="MaskScore"/> named by <see cref="Score"/>.</summary>
    public MaskScore ParseScore() => Score switch
    {
        "magnitude" => MaskScore.Magnitude,
        "wanda" => MaskScore.Wanda,
        _ => throw Error(nameof(Score), $"'{Score}' is not one of magnitude, wanda"),
    };

    /// <summary>The qualified name of a property, e.g. "RecipeSettings.Alpha", as errors name it.</summary>
    internal static string NameOf(string property) => SettingException.Name<RecipeSettings>(property);

    private CustomStructure CreateCustom()
    {
        if (CustomStages is null || CustomStages.Count == 0)
            throw Error(nameof(CustomStages),
                $"must list at least one stage for {NameOf(nameof(Structure))} 'custom'");
        if (CustomStages[^1].Pattern != Pattern)
            throw Error(nameof(CustomStages),
                $"the last stage ({CustomStages[^1].Pattern}) must be {NameOf(nameof(Pattern))} ({Pattern})");
        return Keyed(nameof(CustomStages), () => new CustomStructure(CustomStages));
    }

    /// <summary>Runs a schedule constructor, naming <paramref name="property"/> in the error it throws.</summary>
    private static T Keyed<T>(string property, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (UserInputException e) when (e is not SettingException)
        {
            throw Error(property, e.Message);
        }
    }

    private static void RequireNonNegative(string property, double value)
    {
        if (!(value >= 0.0 && double.IsFinite(value)))
            throw Error(property, $"must be a non-negative number (got {value})");
    }

    private static SettingException Error(string property, string problem) => new(NameOf(property), problem);
}
