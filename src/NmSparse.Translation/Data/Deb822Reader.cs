using System.Text;

namespace NmSparse.Translation.Data;

/// <summary>
/// Reads deb822 control data (Debian's Packages and Translation indexes): stanzas separated by blank lines,
/// <c>Field: value</c> lines, continuation lines starting with whitespace kept verbatim after a newline.
/// </summary>
public static class Deb822Reader
{
    /// <summary>Every stanza as a field → value map (field names are case-sensitive as written).</summary>
    public static IEnumerable<IReadOnlyDictionary<string, string>> ReadStanzas(TextReader reader)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? currentField = null;
        var value = new StringBuilder();
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            if (line.Length == 0)
            {
                Flush(fields, ref currentField, value);
                if (fields.Count > 0)
                {
                    yield return fields;
                    fields = new Dictionary<string, string>(StringComparer.Ordinal);
                }
                continue;
            }
            if (char.IsWhiteSpace(line[0]) && currentField != null)
            {
                value.Append('\n').Append(line);
                continue;
            }
            Flush(fields, ref currentField, value);
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                currentField = line[..colon];
                value.Append(line.AsSpan(colon + 1).Trim());
            }
        }
        Flush(fields, ref currentField, value);
        if (fields.Count > 0)
        {
            yield return fields;
        }
    }

    private static void Flush(Dictionary<string, string> fields, ref string? field, StringBuilder value)
    {
        if (field != null)
        {
            fields[field] = value.ToString();
        }
        field = null;
        value.Clear();
    }
}
