namespace NmSparse.Kernels;

/// <summary>Reads the kernels' tuning knobs from environment variables.</summary>
internal static class KernelSetting
{
    /// <summary>
    /// The whole number (<paramref name="minimum"/> or more) in <paramref name="variable"/>, or
    /// <paramref name="fallback"/> when it is unset or empty (see <see cref="OptionalWholeNumber"/>).
    /// </summary>
    public static int WholeNumber(string variable, int fallback, string unit, int minimum = 0) =>
        OptionalWholeNumber(variable, unit, minimum) ?? fallback;

    /// <summary>
    /// The whole number (<paramref name="minimum"/> or more) in <paramref name="variable"/>, or null when it is unset
    /// or empty. Throws <see cref="UserInputException"/> naming the variable when it holds anything else;
    /// <paramref name="unit"/> says what the number counts ("microseconds").
    /// </summary>
    public static int? OptionalWholeNumber(string variable, string unit, int minimum = 0)
    {
        string? text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(text)) return null;
        if (!int.TryParse(text, out int value) || value < minimum)
            throw new UserInputException(
                $"{variable}: '{text}' is not a whole number of {unit} ({minimum} or more)");
        return value;
    }
}
