using System.Net;
using System.Text.RegularExpressions;

namespace NmSparse.Translation.Data;

/// <summary>
/// Reads LibreOffice's HTML help pages (<c>usr/share/libreoffice/help/{en-US,de}/text/…</c>): every heading or
/// paragraph carrying an <c>id</c> is a translation unit; the two languages are paired by
/// page path and element id.
/// </summary>
public static partial class LibreOfficeHelpParser
{
    /// <summary>The id → plain text map of one page (first occurrence of an id wins; inline tags removed).</summary>
    public static IReadOnlyDictionary<string, string> Elements(string html)
    {
        var elements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in Element().Matches(html))
        {
            var plain = WebUtility.HtmlDecode(Tag().Replace(match.Groups["body"].Value, " "));
            elements.TryAdd(match.Groups["id"].Value, PunctuationSpace().Replace(TextNormalizer.CleanWhitespace(plain), "$1"));
        }
        return elements;
    }

    /// <summary>The pairs of an English and a German page, in the English page's element order.</summary>
    public static IEnumerable<SentencePair> Pair(string englishHtml, string germanHtml)
    {
        var german = Elements(germanHtml);
        foreach (var (id, en) in Elements(englishHtml))
        {
            if (german.TryGetValue(id, out var de))
            {
                yield return new SentencePair(en, de);
            }
        }
    }

    [GeneratedRegex(
        @"<(?<tag>h[1-6]|p)\b[^>]*?\bid=""(?<id>[^""]+)""[^>]*>(?<body>.*?)</\k<tag>>",
        RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Element();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@" ([,.;:!?)])", RegexOptions.CultureInvariant)]
    private static partial Regex PunctuationSpace();
}
