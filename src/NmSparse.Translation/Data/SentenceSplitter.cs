using System.Text.RegularExpressions;

namespace NmSparse.Translation.Data;

/// <summary>
/// Splits a paragraph into sentences at ". ", "! " or "? " followed by a capital letter, digit or opening quote.
/// Deliberately simple: paired paragraphs are only split when both sides yield the same number of sentences, so an
/// abbreviation that fools it costs a pair, never a misalignment.
/// </summary>
public static partial class SentenceSplitter
{
    /// <summary>The sentences of <paramref name="paragraph"/>, whitespace-cleaned, in order.</summary>
    public static IReadOnlyList<string> Split(string paragraph)
    {
        var text = TextNormalizer.CleanWhitespace(paragraph);
        if (text.Length == 0)
        {
            return [];
        }
        return Boundary().Split(text);
    }

    /// <summary>
    /// Pairs two translated paragraphs sentence by sentence when their sentence counts match, otherwise returns the
    /// whole paragraphs as one pair.
    /// </summary>
    public static IEnumerable<SentencePair> Align(string en, string de)
    {
        var enSentences = Split(en);
        var deSentences = Split(de);
        if (enSentences.Count == deSentences.Count)
        {
            for (var i = 0; i < enSentences.Count; i++)
            {
                yield return new SentencePair(enSentences[i], deSentences[i]);
            }
        }
        else
        {
            yield return new SentencePair(TextNormalizer.CleanWhitespace(en), TextNormalizer.CleanWhitespace(de));
        }
    }

    [GeneratedRegex(@"(?<=[a-zäöüß0-9)\]""'”“][.!?])\s+(?=[\p{Lu}0-9""„“(])", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();
}
