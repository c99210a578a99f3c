using System.IO.Enumeration;
using NmSparse.Masks;

namespace NmSparse.Sparsity;

/// <summary>
/// Which Linear / Conv2d modules <see cref="Sparsifier.Apply"/> makes sparse and how. Names are the dotted module
/// paths of <c>named_modules()</c> (e.g. "encoder.layers.0.ff1"); globs use <c>*</c> (any characters, dots
/// included) and <c>?</c> (one character), matched against the whole name.
/// </summary>
public sealed record SparsifyOptions
{
    /// <summary>Globs of modules to consider; null or empty = every Linear and Conv2d.</summary>
    public IReadOnlyList<string>? Include { get; init; }

    /// <summary>Only layers with one of these roles (see <see cref="LayerRoles"/>); null = any name.</summary>
    public IReadOnlySet<LayerRole>? Roles { get; init; }

    /// <summary>Globs of modules that stay dense even when selected.</summary>
    public IReadOnlyList<string> KeepDense { get; init; } = [];

    /// <summary>
    /// Glob → N:M used by matching layers instead of the recipe's pattern (the first matching entry wins). An
    /// overridden layer uses its pattern in every non-dense step (no structure decay).
    /// </summary>
    public IReadOnlyDictionary<string, NmPattern> PatternOverrides { get; init; } =
        new Dictionary<string, NmPattern>();

    /// <summary>Which weight dimension N:M groups run along.</summary>
    public GroupAxis Axis { get; init; } = GroupAxis.Input;

    /// <summary>
    /// Layers whose grouped dimension is not divisible by M: true keeps them dense (logged), false throws a
    /// <see cref="UserInputException"/>.
    /// </summary>
    public bool KeepIncompatibleDense { get; init; }

    /// <summary>True when <paramref name="name"/> (with its module) should be considered for sparsity.</summary>
    public bool Selects(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        bool included = Include is null || Include.Count == 0 || Include.Any(g => Matches(g, name));
        bool roleOk = Roles is null || (LayerRoles.Of(name) is { } role && Roles.Contains(role));
        return included && roleOk;
    }

    /// <summary>True when <paramref name="name"/> matches a <see cref="KeepDense"/> glob.</summary>
    public bool KeepsDense(string name) => KeepDense.Any(g => Matches(g, name));

    /// <summary>The override pattern of <paramref name="name"/>, or null.</summary>
    public NmPattern? PatternFor(string name)
    {
        foreach (var (glob, pattern) in PatternOverrides)
        {
            if (Matches(glob, name)) return pattern;
        }
        return null;
    }

    /// <summary>The qualified name of a property, e.g. "SparsifyOptions.KeepDense", as errors name it.</summary>
    internal static string NameOf(string property) => SettingException.Name<SparsifyOptions>(property);

    private static bool Matches(string glob, string name) =>
        FileSystemName.MatchesSimpleExpression(glob, name, ignoreCase: false);
}
