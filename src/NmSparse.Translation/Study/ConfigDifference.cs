using System.Text.Json;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// The first setting in which two run configs differ, ignoring what may change between sessions of one run (the
/// corpus folder's path, device and threads), e.g. <c>Training.Steps: 2800 vs 1300</c>; null when they agree.
/// </summary>
public static class ConfigDifference
{
    public static string? Find(SavedRunConfig saved, SavedRunConfig planned) =>
        Find(Normalized(saved), Normalized(planned));

    /// <summary>The same for two configs of any task, already normalized, as JSON.</summary>
    public static string? Find(JsonElement saved, JsonElement planned)
    {
        var a = Flatten(saved);
        var b = Flatten(planned);
        foreach (string key in a.Keys.Union(b.Keys))
        {
            string left = a.GetValueOrDefault(key, "(unset)");
            string right = b.GetValueOrDefault(key, "(unset)");
            if (left != right) return $"{key}: {left} vs {right}";
        }
        return null;
    }

    private static JsonElement Normalized(SavedRunConfig config) => JsonSerializer.SerializeToElement(config with
    {
        DataDir = "",
        Training = config.Training with { Device = "auto", Threads = 0 },
    });

    /// <summary>Dotted paths to values, in document order (training options first).</summary>
    private static OrderedDictionary<string, string> Flatten(JsonElement root)
    {
        var values = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        Walk(root, "", values);
        return values;
    }

    private static void Walk(JsonElement element, string path, OrderedDictionary<string, string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", values);
                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in element.EnumerateArray()) Walk(item, $"{path}[{i++}]", values);
                if (i == 0) values[path] = "[]";
                break;
            default:
                values[path] = element.GetRawText();
                break;
        }
    }
}
