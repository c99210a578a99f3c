namespace NmSparse;

/// <summary>
/// A bad value of one library setting. <see cref="Setting"/> is the setting as a library user writes it, type and
/// property (<c>RecipeSettings.Alpha</c>). The message is <c>"{Setting}: {Problem}"</c>, or the problem alone when it
/// starts with the setting's name (<c>RecipeSettings.DenseSteps (6) + RecipeSettings.FineTuneSteps (5) exceed
/// RecipeSettings.Steps (4)</c>). Every setting in a message is named this way, so a front end can rewrite each name
/// into its own spelling (a flag, a config key).
/// </summary>
public sealed class SettingException : UserInputException
{
    public SettingException(string setting, string problem)
        : base(problem.StartsWith(setting, StringComparison.Ordinal) ? problem : $"{setting}: {problem}")
    {
        Setting = setting;
        Problem = problem;
    }

    /// <summary>The offending setting, e.g. <c>RecipeSettings.Alpha</c>.</summary>
    public string Setting { get; }

    /// <summary>What is wrong with it: the message without a leading "{Setting}: ".</summary>
    public string Problem { get; }

    /// <summary>The qualified name of a settings property: <c>Name&lt;RecipeSettings&gt;("Alpha")</c> is
    /// "RecipeSettings.Alpha".</summary>
    internal static string Name<TSettings>(string property) => $"{typeof(TSettings).Name}.{property}";
}
