namespace NmSparse.Schedules;

/// <summary>
/// Builds a mask-decay schedule from its name and arguments (<see cref="Recipes.RecipeSettings.Decay"/>,
/// <see cref="Recipes.RecipeSettings.Alpha"/>, <see cref="Recipes.RecipeSettings.Every"/>).
/// </summary>
public static class MaskDecaySchedules
{
    /// <summary>The accepted kinds, in the order they are listed to users.</summary>
    public static IReadOnlyList<string> Kinds { get; } = new[] { "step", "linear", "exp", "discrete" };

    /// <summary>
    /// Creates the schedule of <paramref name="kind"/> for a sparse phase of <paramref name="sparseLength"/> steps (L).
    /// Defaults when <paramref name="alpha"/> / <paramref name="every"/> are null (L below counts as at least 1):
    /// <list type="bullet">
    /// <item><c>step</c>: β = 0 always; alpha and every are ignored.</item>
    /// <item><c>linear</c>: α = 2/L, so β reaches 0 half-way through the sparse phase.</item>
    /// <item><c>exp</c>: α = 10/L, so β = e⁻⁵ ≈ 0.0067 half-way through and e⁻¹⁰ at the end.</item>
    /// <item><c>discrete</c>: every = max(1, ⌊L/10⌋) (ten stairs) and α = 1/⌈(L/2)/every⌉, so β reaches 0 at the
    /// first stair at or after mid-phase.</item>
    /// </list>
    /// Throws a <see cref="SettingException"/> for an unknown kind, or a given α ≤ 0 or every &lt; 1 (checked even
    /// where the kind ignores them).
    /// </summary>
    public static IMaskDecaySchedule Create(string kind, double? alpha, long? every, long sparseLength)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!Kinds.Contains(kind))
            throw new SettingException(DecayArguments.Decay, $"'{kind}' is not one of {string.Join(", ", Kinds)}");
        if (alpha is { } a) DecayArguments.CheckAlpha(a);
        if (every is { } e) DecayArguments.CheckEvery(e);
        double length = Math.Max(1L, sparseLength);
        return kind switch
        {
            "step" => new StepDecay(),
            "linear" => new LinearDecay(alpha ?? 2.0 / length),
            "exp" => new ExponentialDecay(alpha ?? 10.0 / length),
            _ => Discrete(alpha, every ?? Math.Max(1L, (long)length / 10), length),
        };
    }

    private static DiscreteDecay Discrete(double? alpha, long stair, double length)
    {
        double stairsToZero = Math.Max(1.0, Math.Ceiling(length / 2.0 / stair));
        return new DiscreteDecay(alpha ?? 1.0 / stairsToZero, stair);
    }
}
