using System.Globalization;
using NmSparse.Recipes;

namespace NmSparse.Schedules;

/// <summary>
/// The one check of each mask-decay argument, used by the schedules' constructors and by
/// <see cref="MaskDecaySchedules.Create"/>; errors name the <see cref="RecipeSettings"/> property the value comes from.
/// </summary>
internal static class DecayArguments
{
    public static readonly string Decay = RecipeSettings.NameOf(nameof(RecipeSettings.Decay));
    public static readonly string Alpha = RecipeSettings.NameOf(nameof(RecipeSettings.Alpha));
    public static readonly string Every = RecipeSettings.NameOf(nameof(RecipeSettings.Every));

    public static double CheckAlpha(double alpha) =>
        alpha > 0.0 && double.IsFinite(alpha)
            ? alpha
            : throw new SettingException(Alpha,
                string.Create(CultureInfo.InvariantCulture, $"must be a positive number (got {alpha})"));

    public static long CheckEvery(long every) =>
        every >= 1 ? every : throw new SettingException(Every, $"must be at least 1 (got {every})");
}
