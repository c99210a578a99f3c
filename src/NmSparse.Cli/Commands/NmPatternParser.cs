using System.Globalization;
using NmSparse.Masks;

namespace NmSparse.Cli.Commands;

/// <summary>Parses the CLI/config spelling "N:M" (e.g. "2:4") into an <see cref="NmPattern"/>.</summary>
internal static class NmPatternParser
{
    public static NmPattern Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int m))
            throw new UserInputException($"'{text}' is not an N:M pattern such as 2:4");
        return NmPattern.Sparse(n, m);
    }
}
