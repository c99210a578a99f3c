using System.Text;

namespace NmSparse.Translation.Metrics;

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

        // Rule 1 at most triples the padded line (3L + 6); rules 2-4 add two spaces per match and every match holds
        // one of the line's own '.', ',' or '-' (rule 1 creates none), used at most by rules 2 and 3: ≤ 4L more.
        int capacity = 7 * line.Length + 6;
        var source = new char[capacity];
        var target = new char[capacity];
        int length = PadPunctuation(line, source);
        length = RewritePairs(source.AsSpan(0, length), target, PairRule.PeriodCommaAfterNonDigit);
        length = RewritePairs(target.AsSpan(0, length), source, PairRule.PeriodCommaBeforeNonDigit);
        length = RewritePairs(source.AsSpan(0, length), target, PairRule.DashAfterDigit);
        return CollapseWhitespace(target.AsSpan(0, length));
    }

    private enum PairRule
    {
        PeriodCommaAfterNonDigit,
        PeriodCommaBeforeNonDigit,
        DashAfterDigit,
    }

    /// <summary>The class <c>[\{-\~\[-\` -\&amp;\(-\+\:-\@\/]</c> of rule 1.</summary>
    private static bool IsPaddedPunctuation(char c) =>
        c is (>= '{' and <= '~') or (>= '[' and <= '`') or (>= ' ' and <= '&') or (>= '(' and <= '+')
            or (>= ':' and <= '@') or '/';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsPeriodOrComma(char c) => c is '.' or ',';

    /// <summary>Rule 1 on <c>" " + line + " "</c> (the padding sacreBLEU adds before the rules).</summary>
    private static int PadPunctuation(string line, char[] into)
    {
        int n = 0;
        into[n++] = ' '; // the leading pad space, itself padded by rule 1
        into[n++] = ' ';
        into[n++] = ' ';
        foreach (char c in line)
        {
            if (IsPaddedPunctuation(c))
            {
                into[n++] = ' ';
                into[n++] = c;
                into[n++] = ' ';
            }
            else
            {
                into[n++] = c;
            }
        }
        into[n++] = ' ';
        into[n++] = ' ';
        into[n++] = ' ';
        return n;
    }

    private static bool Matches(PairRule rule, char a, char b) => rule switch
    {
        PairRule.PeriodCommaAfterNonDigit => !IsDigit(a) && IsPeriodOrComma(b),
        PairRule.PeriodCommaBeforeNonDigit => IsPeriodOrComma(a) && !IsDigit(b),
        _ => IsDigit(a) && b == '-',
    };

    /// <summary>
    /// One two-character rule under <c>re.sub</c> semantics. The pair (a, b) becomes <c>" a b"</c> for
    /// <see cref="PairRule.PeriodCommaBeforeNonDigit"/> and <c>"a b "</c> for the other two rules.
    /// </summary>
    private static int RewritePairs(ReadOnlySpan<char> text, char[] into, PairRule rule)
    {
        bool spaceFirst = rule == PairRule.PeriodCommaBeforeNonDigit;
        int n = 0, i = 0;
        while (i < text.Length)
        {
            if (i + 1 < text.Length && Matches(rule, text[i], text[i + 1]))
            {
                if (spaceFirst) into[n++] = ' ';
                into[n++] = text[i];
                into[n++] = ' ';
                into[n++] = text[i + 1];
                if (!spaceFirst) into[n++] = ' ';
                i += 2;
            }
            else
            {
                into[n++] = text[i++];
            }
        }
        return n;
    }

    /// <summary>Python's <c>' '.join(text.split())</c>.</summary>
    private static string CollapseWhitespace(ReadOnlySpan<char> text)
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
