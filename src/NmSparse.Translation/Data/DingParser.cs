using System.Text.RegularExpressions;

namespace NmSparse.Translation.Data;

/// <summary>
/// Reads the Ding dictionary (<c>usr/share/trans/de-en</c> of Debian's <c>trans-de-en</c>): one entry a line,
/// <c>German :: English</c>, alternatives separated by <c>|</c> and synonyms by <c>;</c> on both sides alike.
/// Annotations in braces, brackets and angle brackets (<c>{f}</c>, <c>[Br.]</c>, <c>&lt;…&gt;</c>) are removed.
/// </summary>
public static partial class DingParser
{
    /// <summary>
    /// The pairs of one line (empty for comments and lines whose sides do not split alike). Alternatives and
    /// synonyms are paired by position only when both sides have the same number of them.
    /// </summary>
    public static IEnumerable<SentencePair> ParseLine(string line)
    {
        if (line.StartsWith('#'))
        {
            yield break;
        }
        var sides = line.Split(" :: ");
        if (sides.Length != 2)
        {
            yield break;
        }
        var deAlternatives = sides[0].Split('|');
        var enAlternatives = sides[1].Split('|');
        if (deAlternatives.Length != enAlternatives.Length)
        {
            yield break;
        }
        for (var i = 0; i < deAlternatives.Length; i++)
        {
            var deSynonyms = deAlternatives[i].Split(';');
            var enSynonyms = enAlternatives[i].Split(';');
            if (deSynonyms.Length != enSynonyms.Length)
            {
                continue;
            }
            for (var j = 0; j < deSynonyms.Length; j++)
            {
                var en = StripAnnotations(enSynonyms[j]);
                var de = StripAnnotations(deSynonyms[j]);
                if (en.Length > 0 && de.Length > 0)
                {
                    yield return new SentencePair(en, de);
                }
            }
        }
    }

    /// <summary>Removes <c>{…}</c>, <c>[…]</c> and <c>&lt;…&gt;</c> annotations and cleans whitespace.</summary>
    public static string StripAnnotations(string text) =>
        SpaceBeforePunctuation().Replace(TextNormalizer.CleanWhitespace(Annotation().Replace(text, " ")), "");

    [GeneratedRegex(@"\{[^}]*\}|\[[^\]]*\]|<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Annotation();

    [GeneratedRegex(@" (?=[,.;:!?])", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceBeforePunctuation();
}
