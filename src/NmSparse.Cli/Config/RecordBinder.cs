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
    /// <summary>Every settable key of <typeparamref name="T"/>; nested option records add "outer.inner" keys.</summary>
    public static IReadOnlyList<string> Keys<T>() => Keys(typeof(T));

    public static bool Has<T>(string key) => Resolve(typeof(T), key) is not null;

    /// <summary>A copy of <paramref name="record"/> with <paramref name="key"/> (maybe "outer.inner") set.</summary>
    public static T With<T>(T record, string key, IReadOnlyList<string> values, string where) where T : class =>
        (T)With((object)record, key, values, where);

    private static object With(object record, string key, IReadOnlyList<string> values, string where)
    {
        var type = record.GetType();
        int dot = key.IndexOf('.');
        var property = Find(type, dot < 0 ? key : key[..dot]);
        if (property is null || (dot >= 0) != IsNested(property.PropertyType))
            throw new UserInputException($"{where}: unknown key '{key}' (valid: {string.Join(", ", Keys(type))})");
        object? value;
        if (dot >= 0)
        {
            value = With(property.GetValue(record)!, key[(dot + 1)..], values, where);
        }
        else
        {
            try
            {
                value = Convert(property.PropertyType, values);
            }
            catch (Exception e) when (e is FormatException or OverflowException or UserInputException)
            {
                throw new UserInputException($"{where}: key '{key}': {e.Message}");
            }
        }
        var copy = Clone(record);
        property.SetValue(copy, value);
        return copy;
    }

    private static IReadOnlyList<string> Keys(Type type) => Settable(type)
        .SelectMany(p => IsNested(p.PropertyType)
            ? Keys(p.PropertyType).Select(k => $"{ConfigKey.FromProperty(p.Name)}.{k}")
            : [ConfigKey.FromProperty(p.Name)])
        .ToList();

    private static PropertyInfo? Resolve(Type type, string key)
    {
        int dot = key.IndexOf('.');
        var property = Find(type, dot < 0 ? key : key[..dot]);
        if (property is null) return null;
        if (dot < 0) return IsNested(property.PropertyType) ? null : property;
        return IsNested(property.PropertyType) ? Resolve(property.PropertyType, key[(dot + 1)..]) : null;
    }

    /// <summary>Option records nest (e.g. the model shape inside the training options).</summary>
    private static bool IsNested(Type type) => type.IsClass && type.GetMethod("<Clone>$") is not null;

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    private static PropertyInfo? Find(Type type, string key) =>
        Settable(type).FirstOrDefault(p => ConfigKey.FromProperty(p.Name) == key);

    private static object Clone(object record) =>
        record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;

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
        long start = 0;
        if (parts.Length != 2
            || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out start))
            throw new FormatException($"'{text}' is not a stage of the form N:M@step (e.g. 4:8@1000)");
        return new StructureStage(Commands.NmPatternParser.Parse(parts[0]), start);
    }
}
