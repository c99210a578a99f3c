using System.Text.RegularExpressions;

namespace NmSparse.Translation.Data;

/// <summary>
/// Turns a gettext (msgid, msgstr) entry into corpus text: removes keyboard accelerators (<c>_File</c>,
/// <c>~Open</c>, <c>&amp;Save</c>, German <c>(_D)</c>) and cleans whitespace. Entries with format strings or markup
/// are then dropped by <see cref="PairFilter"/>.
/// </summary>
public static partial class GettextCleaner
{
    /// <summary>The cleaned pair, or null when an accelerator cannot be removed unambiguously.</summary>
    public static SentencePair? Clean(SentencePair entry)
    {
        var en = StripAccelerators(entry.En);
        var de = StripAccelerators(entry.De);
        return en is null || de is null ? null : new SentencePair(en, de);
    }

    /// <summary>
    /// The text without accelerator markers, or null when it has more than one underscore (an identifier, not an
    /// accelerator).
    /// </summary>
    public static string? StripAccelerators(string text)
    {
        if (text.Count(c => c == '_') > 1)
        {
            return null;
        }
        var stripped = BracketedAccelerator().Replace(text, "");
        stripped = Accelerator().Replace(stripped, "");
        return TextNormalizer.CleanWhitespace(stripped);
    }

    [GeneratedRegex(@"\s*\(_\p{L}\)", RegexOptions.CultureInvariant)]
    private static partial Regex BracketedAccelerator();

    [GeneratedRegex(@"[_~](?=\p{L}|\p{N})|&(?=\p{L}(?![\p{L}\p{N}]*;))", RegexOptions.CultureInvariant)]
    private static partial Regex Accelerator();
}
