using System.Text;

namespace NmSparse.Metrics;

/// <summary>
/// sacreBLEU's default <c>13a</c> tokenizer (the tokenization of WMT's <c>mteval-v13a.pl</c>), reproduced
/// character for character from sacreBLEU 2.4.3 (<c>tokenizer_13a.py</c> + <c>tokenizer_re.py</c>; unchanged
/// through 2.6.0).
/// </summary>
/// <remarks>
/// Steps, in order: remove <c>&lt;skipped&gt;</c>; join <c>-\n</c>; turn <c>\n</c> into a space; unescape
/// <c>&amp;quot;</c> <c>&amp;amp;</c> <c>&amp;lt;</c> <c>&amp;gt;</c> (one pass each, in that order, only when
/// the line contains <c>&amp;</c>); pad the line with one space on each side; then four rewrite rules, each
/// applied like Python's <c>re.sub</c> (left to right, non-overlapping):
/// <list type="number">
/// <item>pad <c>{|}~ [\]^_` space!"#$%&amp; ()*+ :;&lt;=&gt;?@ /</c> with spaces;</item>
/// <item><c>([^0-9])([.,])</c> → <c>\1 \2 </c> (period/comma unless preceded by a digit);</item>
/// <item><c>([.,])([^0-9])</c> → <c> \1 \2</c> (period/comma unless followed by a digit);</item>
/// <item><c>([0-9])(-)</c> → <c>\1 \2 </c> (dash preceded by a digit);</item>
/// </list>
/// and finally Python's <c>' '.join(line.split())</c>. The pair rules are scanned by hand rather than with
/// <see cref="System.Text.RegularExpressions.Regex"/>: a two-character pattern under <c>re.sub</c> is exactly
/// "at each position, if the pair matches, rewrite it and skip both characters". The test suite checks this
/// against the regular expressions on random strings. sacreBLEU's own fast path (skip the unescapes unless
/// the line has <c>&amp;</c>) is kept; its LRU cache is not needed here.
/// </remarks>
public static class Tokenizer13a
{
    /// <summary>The tokenizer's name in a sacreBLEU signature (<c>tok:13a</c>).</summary>
    public const string Signature = "13a";

    /// <summary>Tokenizes one segment; the result has single spaces between tokens and none at either end.</summary>
    public static string Tokenize(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line = line.Replace("<skipped>", "", StringComparison.Ordinal)
            .Replace("-\n", "", StringComparison.Ordinal)
            .Replace('\n', ' ');
        if (line.Contains('&'))
        {
            line = line.Replace("&quot;", "\"", StringComparison.Ordinal)
                .Replace("&amp;", "&", StringComparison.Ordinal)
                .Replace("&lt;", "<", StringComparison.Ordinal)
                .Replace("&gt;", ">", StringComparison.Ordinal);
        }

        string text = PadPunctuation(line);
        text = RewritePairs(text, static (a, b) => !IsDigit(a) && IsPeriodOrComma(b), spaceFirst: false);
        text = RewritePairs(text, static (a, b) => IsPeriodOrComma(a) && !IsDigit(b), spaceFirst: true);
        text = RewritePairs(text, static (a, b) => IsDigit(a) && b == '-', spaceFirst: false);
        return CollapseWhitespace(text);
    }

    /// <summary>The class <c>[\{-\~\[-\` -\&amp;\(-\+\:-\@\/]</c> of rule 1.</summary>
    private static bool IsPaddedPunctuation(char c) =>
        c is (>= '{' and <= '~') or (>= '[' and <= '`') or (>= ' ' and <= '&') or (>= '(' and <= '+')
            or (>= ':' and <= '@') or '/';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsPeriodOrComma(char c) => c is '.' or ',';

    /// <summary>Rule 1 on <c>" " + line + " "</c> (the padding sacreBLEU adds before the rules).</summary>
    private static string PadPunctuation(string line)
    {
        var result = new StringBuilder(line.Length * 2 + 8);
        result.Append("   "); // the leading pad space, itself padded by rule 1
        foreach (char c in line)
        {
            if (IsPaddedPunctuation(c)) result.Append(' ').Append(c).Append(' ');
            else result.Append(c);
        }
        return result.Append("   ").ToString();
    }

    /// <summary>
    /// One two-character rule under <c>re.sub</c> semantics. The pair (a, b) becomes <c>"a b "</c>, or
    /// <c>" a b"</c> when <paramref name="spaceFirst"/>.
    /// </summary>
    private static string RewritePairs(string text, Func<char, char, bool> matches, bool spaceFirst)
    {
        var result = new StringBuilder(text.Length + 16);
        int i = 0;
        while (i < text.Length)
        {
            if (i + 1 < text.Length && matches(text[i], text[i + 1]))
            {
                if (spaceFirst) result.Append(' ').Append(text[i]).Append(' ').Append(text[i + 1]);
                else result.Append(text[i]).Append(' ').Append(text[i + 1]).Append(' ');
                i += 2;
            }
            else
            {
                result.Append(text[i]);
                i++;
            }
        }
        return result.ToString();
    }

    /// <summary>Python's <c>' '.join(text.split())</c>.</summary>
    private static string CollapseWhitespace(string text)
    {
        var result = new StringBuilder(text.Length);
        bool pendingSpace = false;
        foreach (char c in text)
        {
            if (PythonText.IsSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }
            if (pendingSpace) result.Append(' ');
            pendingSpace = false;
            result.Append(c);
        }
        return result.ToString();
    }
}
