namespace NmSparse.Schedules;

/// <summary>Validation shared by the mask-decay schedules; messages name the CLI options.</summary>
internal static class DecayArguments
{
    public static double CheckAlpha(double alpha) =>
        alpha > 0.0 && double.IsFinite(alpha)
            ? alpha
            : throw new UserInputException($"--alpha must be a positive number (got {alpha})");

    public static long CheckEvery(long every) =>
        every >= 1 ? every : throw new UserInputException($"--every must be at least 1 (got {every})");
}
