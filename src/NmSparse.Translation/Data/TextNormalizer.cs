using System.Globalization;
using System.Text;

namespace NmSparse.Translation.Data;

/// <summary>
/// Text helpers shared by every corpus source: whitespace clean-up, word counts and the normalised English key that
/// deduplication and the train/test overlap check compare.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Collapses every run of whitespace (including newlines and tabs) to one space and trims.</summary>
    public static string CleanWhitespace(string text) => string.Join(' ', Words(text));

    /// <summary>Number of whitespace-separated words.</summary>
    public static int WordCount(string text) => Words(text).Length;

    /// <summary>
    /// The comparison key of an English sentence: NFKC, lower case, letters and digits only, words joined by one
    /// space. "Open the File!" and "open the file" share a key.
    /// </summary>
    public static string Key(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }
        return builder.ToString().TrimEnd();
    }

    /// <summary>The first <paramref name="words"/> words of a <see cref="Key"/> (the whole key if shorter).</summary>
    public static string KeyPrefix(string key, int words)
    {
        var position = -1;
        for (var i = 0; i < words; i++)
        {
            position = key.IndexOf(' ', position + 1);
            if (position < 0)
            {
                return key;
            }
        }
        return key[..position];
    }

    /// <summary>Whether the text looks like a full sentence: capital (or digit) first, ends in . ! or ?.</summary>
    public static bool IsSentence(string text) =>
        text.Length > 1 && (char.IsUpper(text[0]) || char.IsDigit(text[0])) && text[^1] is '.' or '!' or '?';

    /// <summary>The form written to corpus files: NFC with whitespace collapsed.</summary>
    public static string Canonical(string text) => CleanWhitespace(text.Normalize(NormalizationForm.FormC));

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    internal static bool HasCategory(string text, UnicodeCategory category)
    {
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == category)
            {
                return true;
            }
        }
        return false;
    }
}
