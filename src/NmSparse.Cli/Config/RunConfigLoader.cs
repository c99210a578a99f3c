using NmSparse.Recipes;
using NmSparse.Translation.Training;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NmSparse.Cli.Config;

/// <summary>
/// Loads a recipe config file (YAML): top-level keys are <see cref="RecipeSettings"/> properties in snake_case
/// (recipe, pattern, dense_steps, decay, alpha, …); an optional <c>training:</c> mapping overrides
/// training-option keys of the preset (<see cref="TrainingOptions"/>, or the vision task's). `--set key=value` (or training.key=value) applies last.
/// The phase lengths steps, dense_steps and fine_tune_steps belong to the training options wherever they are
/// written (<see cref="TrainerOptions.WithPhases"/> resolves them into the recipe), so an explicit 0 stays
/// distinguishable from unset. Every error names the file and line of the offending key.
/// </summary>
internal static class RunConfigLoader
{
    private const string TrainingSection = "training";
    private static readonly string[] PhaseKeys = ["steps", "dense_steps", "fine_tune_steps"];

    public static RunConfig<T> Apply<T>(RunConfig<T> config, string path) where T : TrainerOptions
    {
        if (!File.Exists(path)) throw new UserInputException($"{path}: config file not found");
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlException e)
        {
            throw new UserInputException($"{path}:{e.Start.Line}: invalid YAML: {e.Message}");
        }
        if (yaml.Documents.Count == 0) return config;
        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new UserInputException($"{path}:1: expected a mapping of key: value");

        foreach (var (keyNode, valueNode) in root.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            string where = $"{path}:{keyNode.Start.Line}";
            if (key == TrainingSection)
            {
                if (valueNode is not YamlMappingNode training)
                    throw new UserInputException($"{where}: '{TrainingSection}' must be a mapping");
                foreach (var (name, values, line) in Flatten(training, "", path))
                {
                    var options = RecordBinder.With(config.Training, name, values, $"{path}:{line}");
                    config = config with { Training = options };
                }
                continue;
            }
            config = Assign(config, key, Values(valueNode, path), where);
        }
        return config;
    }

    /// <summary>Applies one `--set key=value` (training keys may be written training.key=value).</summary>
    public static RunConfig<T> Set<T>(RunConfig<T> config, string assignment) where T : TrainerOptions
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new UserInputException($"--set '{assignment}': expected key=value");
        string key = assignment[..eq].Trim();
        var values = assignment[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries);
        string where = $"--set {key}";
        if (key.StartsWith(TrainingSection + ".", StringComparison.Ordinal))
        {
            string inner = key[(TrainingSection.Length + 1)..];
            return config with { Training = RecordBinder.With(config.Training, inner, values, where) };
        }
        if (RecordBinder.Has<RecipeSettings>(key)) return Assign(config, key, values, where);
        if (RecordBinder.Has<T>(key))
            return config with { Training = RecordBinder.With(config.Training, key, values, where) };
        throw new UserInputException(
            $"{where}: unknown key (recipe keys: {string.Join(", ", RecordBinder.Keys<RecipeSettings>())}; " +
            $"training keys: {string.Join(", ", RecordBinder.Keys<T>())})");
    }

    /// <summary>A top-level (recipe) key; the phase lengths go to the training options.</summary>
    private static RunConfig<T> Assign<T>(RunConfig<T> config, string key, IReadOnlyList<string> values,
        string where) where T : TrainerOptions =>
        PhaseKeys.Contains(key)
            ? config with { Training = RecordBinder.With(config.Training, key, values, where) }
            : config with { Recipe = RecordBinder.With(config.Recipe, key, values, where) };

    /// <summary>Nested mappings become dotted keys (model: {d_model: 512} → model.d_model).</summary>
    private static IEnumerable<(string Key, IReadOnlyList<string> Values, long Line)> Flatten(YamlMappingNode map,
        string prefix, string path)
    {
        foreach (var (k, v) in map.Children)
        {
            string name = prefix + (((YamlScalarNode)k).Value ?? "");
            if (v is YamlMappingNode inner)
            {
                foreach (var entry in Flatten(inner, name + ".", path)) yield return entry;
            }
            else
            {
                yield return (name, Values(v, path), k.Start.Line);
            }
        }
    }

    private static IReadOnlyList<string> Values(YamlNode node, string path) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlSequenceNode list => list.Children.Select(c => c is YamlScalarNode s
            ? s.Value ?? ""
            : throw new UserInputException($"{path}:{c.Start.Line}: list items must be plain values")).ToList(),
        _ => throw new UserInputException($"{path}:{node.Start.Line}: expected a value or a list of values"),
    };
}
