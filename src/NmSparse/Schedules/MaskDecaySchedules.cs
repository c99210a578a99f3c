namespace NmSparse.Schedules;

/// <summary>
/// Builds a mask-decay schedule from its CLI/config name (<c>--decay</c>, <c>--alpha</c>, <c>--every</c>).
/// </summary>
public static class MaskDecaySchedules
{
    /// <summary>The accepted kinds, in the order the CLI lists them.</summary>
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
    /// Throws <see cref="UserInputException"/> for an unknown kind, α ≤ 0 or every &lt; 1.
    /// </summary>
    public static IMaskDecaySchedule Create(string kind, double? alpha, long? every, long sparseLength)
    {
        ArgumentNullException.ThrowIfNull(kind);
        double length = Math.Max(1L, sparseLength);
        switch (kind)
        {
            case "step":
                return new StepDecay();
            case "linear":
                return new LinearDecay(alpha ?? 2.0 / length);
            case "exp":
                return new ExponentialDecay(alpha ?? 10.0 / length);
            case "discrete":
                long stair = every ?? Math.Max(1L, (long)length / 10);
                double stairsToZero = Math.Max(1.0, Math.Ceiling(length / 2.0 / DecayArguments.CheckEvery(stair)));
                return new DiscreteDecay(alpha ?? 1.0 / stairsToZero, stair);
            default:
                throw new UserInputException($"--decay: '{kind}' is not one of {string.Join(", ", Kinds)}");
        }
    }
}
