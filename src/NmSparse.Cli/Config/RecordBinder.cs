using System.Globalization;
using System.Reflection;
using NmSparse.Masks;
using NmSparse.Schedules;

namespace NmSparse.Cli.Config;

/// <summary>
/// Sets init-only properties of an options record from string values keyed by snake_case names, on a copy of
/// the record. Unknown keys and unparsable values are one-line errors that say where the value came from.
/// </summary>
internal static class RecordBinder
{
    public static IReadOnlyList<string> Keys<T>() =>
        Settable(typeof(T)).Select(p => ConfigKey.FromProperty(p.Name)).ToList();

    public static bool Has<T>(string key) => Find(typeof(T), key) is not null;

    /// <summary>Returns a copy of <paramref name="record"/> with <paramref name="key"/> set.</summary>
    public static T With<T>(T record, string key, IReadOnlyList<string> values, string where) where T : class
    {
        var property = Find(typeof(T), key)
            ?? throw new UserInputException(
                $"{where}: unknown key '{key}' (valid: {string.Join(", ", Keys<T>())})");
        var copy = Clone(record);
        object? value;
        try
        {
            value = Convert(property.PropertyType, values);
        }
        catch (Exception e) when (e is FormatException or OverflowException or UserInputException)
        {
            throw new UserInputException($"{where}: key '{key}': {e.Message}");
        }
        property.SetValue(copy, value);
        return copy;
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    private static PropertyInfo? Find(Type type, string key) =>
        Settable(type).FirstOrDefault(p => ConfigKey.FromProperty(p.Name) == key);

    private static T Clone<T>(T record) where T : class
    {
        var clone = typeof(T).GetMethod("<Clone>$") ?? throw new InvalidOperationException($"{typeof(T)} is not a record");
        return (T)clone.Invoke(record, null)!;
    }

    private static object? Convert(Type type, IReadOnlyList<string> values)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            if (values.Count == 1 && values[0] is "" or "null" or "~") return null;
            type = underlying;
        }
        if (type == typeof(IReadOnlyList<StructureStage>))
            return values.Select(ParseStage).ToList();
        if (type == typeof(IReadOnlyList<string>))
            return values.Where(v => v.Length > 0).ToList();
        if (values.Count != 1) throw new FormatException("expected a single value, got a list");
        string v = values[0].Trim();
        var inv = CultureInfo.InvariantCulture;
        if (type == typeof(string)) return v;
        if (type == typeof(int)) return int.Parse(v, NumberStyles.Integer, inv);
        if (type == typeof(long)) return long.Parse(v, NumberStyles.Integer, inv);
        if (type == typeof(double)) return double.Parse(v, NumberStyles.Float, inv);
        if (type == typeof(bool))
            return v.ToLowerInvariant() switch
            {
                "true" or "yes" or "on" => true,
                "false" or "no" or "off" => false,
                _ => throw new FormatException($"'{v}' is not true/false"),
            };
        if (type == typeof(NmPattern)) return Commands.NmPatternParser.Parse(v);
        throw new InvalidOperationException($"no config conversion for {type.Name}");
    }

    /// <summary>A custom structure stage is written "N:M@t" (pattern from sparse-phase step t on).</summary>
    private static StructureStage ParseStage(string text)
    {
        var parts = text.Split('@');
        if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long start))
            throw new FormatException($"'{text}' is not a stage of the form N:M@step (e.g. 4:8@1000)");
        return new StructureStage(Commands.NmPatternParser.Parse(parts[0]), start);
    }
}
