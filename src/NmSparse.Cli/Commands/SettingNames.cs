using System.CommandLine;
using System.Text.RegularExpressions;
using NmSparse.Cli.Config;
using NmSparse.Recipes;

namespace NmSparse.Cli.Commands;

/// <summary>
/// The CLI's one table from library settings to its flags. Library errors name settings as <c>Type.Property</c>
/// (<c>RecipeSettings.Alpha</c>, see <see cref="SettingException"/>); before printing, every such name becomes the way
/// the running command sets it: its flag when the command has that option, else a recipe setting's config key
/// (<c>alpha</c>, as in the YAML file and <c>--set alpha=…</c>). Other names stay as the library wrote them.
/// </summary>
internal static partial class SettingNames
{
    private static readonly Dictionary<string, string> Flags = new()
    {
        [Recipe(nameof(RecipeSettings.Recipe))] = "--recipe",
        [Recipe(nameof(RecipeSettings.Pattern))] = "--nm",
        [Recipe(nameof(RecipeSettings.Steps))] = "--steps",
        [Recipe(nameof(RecipeSettings.DenseSteps))] = "--dense-steps",
        [Recipe(nameof(RecipeSettings.FineTuneSteps))] = "--finetune-steps",
        [Recipe(nameof(RecipeSettings.Decay))] = "--decay",
        [Recipe(nameof(RecipeSettings.Alpha))] = "--alpha",
        [Recipe(nameof(RecipeSettings.Every))] = "--every",
        [Recipe(nameof(RecipeSettings.Structure))] = "--structure",
        [Recipe(nameof(RecipeSettings.Frames))] = "--frames",
    };

    /// <summary>The flag of a <see cref="RecipeSettings"/> property (Alpha → "--alpha").</summary>
    public static string Flag(string recipeProperty) => Flags[Recipe(recipeProperty)];

    /// <summary><paramref name="message"/> with each setting named as <paramref name="command"/> sets it.</summary>
    public static string Rewrite(string message, Command command) =>
        QualifiedName().Replace(message, match =>
        {
            string setting = match.Value;
            if (Flags.TryGetValue(setting, out var flag) && command.Options.Any(o => o.Name == flag)) return flag;
            return match.Groups["type"].Value == nameof(RecipeSettings)
                ? ConfigKey.FromProperty(match.Groups["property"].Value)
                : setting;
        });

    private static string Recipe(string property) => $"{nameof(RecipeSettings)}.{property}";

    [GeneratedRegex(@"\b(?<type>RecipeSettings|SparsifyOptions)\.(?<property>[A-Z][A-Za-z]*)\b")]
    private static partial Regex QualifiedName();
}
