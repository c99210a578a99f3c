using System.Globalization;
using System.Text.RegularExpressions;

namespace NmSparse.Translation.Data;

/// <summary>
/// The filter every pair passes before it enters a corpus: both sides non-empty, 3–80 words on each side, no
/// markup, no format strings, no control characters, and not an untranslated copy of the English.
/// </summary>
public static partial class PairFilter
{
    /// <summary>Fewest words a side may have.</summary>
    public const int MinWords = 3;

    /// <summary>Most words a side may have.</summary>
    public const int MaxWords = 80;

    /// <summary>Whether the (already whitespace-cleaned) pair is kept.</summary>
    public static bool Accept(string en, string de)
    {
        if (!AcceptSide(en) || !AcceptSide(de))
        {
            return false;
        }
        return !string.Equals(TextNormalizer.Key(en), TextNormalizer.Key(de), StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether the text contains markup or programming syntax: HTML/XML tags, character entities, printf or .NET
    /// format placeholders, LibreOffice <c>%PRODUCTNAME</c> variables, braces, shell variables or backslash escapes.
    /// </summary>
    public static bool HasMarkup(string text) => MarkupPattern().IsMatch(text);

    private static bool AcceptSide(string text)
    {
        var words = TextNormalizer.WordCount(text);
        if (words < MinWords || words > MaxWords || HasMarkup(text))
        {
            return false;
        }
        return !TextNormalizer.HasCategory(text, UnicodeCategory.Control)
            && !TextNormalizer.HasCategory(text, UnicodeCategory.PrivateUse)
            && !text.Contains('\uFFFD', StringComparison.Ordinal);
    }

    [GeneratedRegex(
        @"<[A-Za-z/!?][^>]*>|&[A-Za-z]+;|&#[0-9]+;|%[-+#0-9.*]*(?:l|ll|h|z)?[sdiufxXcpgeEo%]|%[0-9]+\$|%[A-Z][A-Z_]+|\{|\}|\$[A-Za-z(]|\\[a-z\\]|@@",
        RegexOptions.CultureInvariant)]
    private static partial Regex MarkupPattern();
}
