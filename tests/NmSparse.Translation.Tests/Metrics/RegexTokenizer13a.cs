using System.Text.RegularExpressions;
using NmSparse.Translation.Metrics;

namespace NmSparse.Translation.Tests.Metrics;

/// <summary>
/// A test-only oracle: the 13a rules written as the regular expressions of sacreBLEU's <c>tokenizer_re.py</c>,
/// to check the hand-written scanner of <see cref="Tokenizer13a"/> on random input.
/// </summary>
internal static class RegexTokenizer13a
{
    private static readonly (Regex Pattern, string Replacement)[] Rules =
    [
        (new Regex(@"([\{-\~\[-\` -\&\(-\+\:-\@\/])"), " $1 "),
        (new Regex(@"([^0-9])([\.,])"), "$1 $2 "),
        (new Regex(@"([\.,])([^0-9])"), " $1 $2"),
        (new Regex(@"([0-9])(-)"), "$1 $2 "),
    ];

    public static string Tokenize(string line)
    {
        line = line.Replace("<skipped>", "").Replace("-\n", "").Replace("\n", " ")
            .Replace("&quot;", "\"").Replace("&amp;", "&").Replace("&lt;", "<").Replace("&gt;", ">");
        line = $" {line} ";
        foreach (var (pattern, replacement) in Rules) line = pattern.Replace(line, replacement);
        return string.Join(' ', line.Split(PythonWhitespace, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Every character Python's <c>str.isspace()</c> accepts (all in the BMP).</summary>
    public static readonly char[] PythonWhitespace =
    [
        '\t', '\n', '\u000b', '\f', '\r', '\u001c', '\u001d', '\u001e', '\u001f', ' ', '\u0085', '\u00a0',
        '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008',
        '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000',
    ];
}
