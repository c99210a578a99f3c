using System.Reflection;

namespace NmSparse.Translation.Training;

/// <summary>
/// The source revision this library was built from: the git commit the .NET SDK appends to the informational
/// version (<c>1.0.0+3f2a…</c>), or null when the build had no git information.
/// </summary>
public static class CodeVersion
{
    public static string? Current { get; } = Read();

    private static string? Read()
    {
        string? version = typeof(CodeVersion).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus < 0 ? null : version![(plus + 1)..];
    }
}
