using NmSparse.Translation.Metrics;

namespace NmSparse.Translation.Tests.Metrics;

/// <summary>
/// Expected strings follow the 13a rules by hand: (1) pad {|}~[\]^_`!"#$%&amp;()*+:;&lt;=&gt;?@/ (and space);
/// (2) "x." → "x . " unless x is a digit; (3) ".y" → " . y" unless y is a digit; (4) "9-" → "9 - "; each
/// applied left to right without overlap on " " + line + " ", then whitespace collapsed.
/// </summary>
public class Tokenizer13aTests
{
    [Theory]
    // Rule 1 pads '!' ; rule 2 pads ',' after 'o'.
    [InlineData("Hello, world!", "Hello , world !")]
    // '$' padded; "1,000.50" keeps ',' and '.' between digits; the final '.' is followed by the pad space (rule 3).
    [InlineData("It costs $1,000.50.", "It costs $ 1,000.50 .")]
    // Decimal number kept; "s." split by rule 2.
    [InlineData("3.5 vs. 4", "3.5 vs . 4")]
    // Rule 2 needs a non-digit before: "e." and "g." both split.
    [InlineData("e.g.", "e . g .")]
    // Comma before a letter (rule 3) after a digit (rule 2 does not apply).
    [InlineData("5,a", "5 , a")]
    // Leading ".5": the pad space before '.' is a non-digit, so rule 2 isolates it.
    [InlineData(".5", ". 5")]
    // Trailing "5.": rule 2 does not fire (digit before), rule 3 does (pad space after).
    [InlineData("5.", "5 .")]
    // Non-overlap: rule 2 consumes "a,", so the second ',' is not its left char; rule 3 skips ",5".
    [InlineData("a,,5", "a , ,5")]
    public void Tokenize_PeriodsAndCommas_FollowDigitRules(string line, string expected) =>
        Assert.Equal(expected, Tokenizer13a.Tokenize(line));

    [Theory]
    // Rule 4: a dash right after a digit is split off.
    [InlineData("1990-2000", "1990 - 2000")]
    [InlineData("pages 5-10", "pages 5 - 10")]
    // A hyphen between letters or after a space/letter stays.
    [InlineData("well-known e-mail", "well-known e-mail")]
    [InlineData("-5 and A-5", "-5 and A-5")]
    // "5-" rewritten, then the second '-' is preceded by a '-' that rule 4 consumed: kept with the 6.
    [InlineData("5--6", "5 - -6")]
    // An em dash is not in any rule.
    [InlineData("a\u2014b", "a\u2014b")]
    public void Tokenize_Dashes_SplitOnlyAfterDigit(string line, string expected) =>
        Assert.Equal(expected, Tokenizer13a.Tokenize(line));

    [Theory]
    // '"' is padded; the apostrophe is not in the class.
    [InlineData("He said \"don't\"", "He said \" don't \"")]
    // Backtick, brackets, slash, at-sign: all padded.
    [InlineData("`x` [y] a/b @c", "` x ` [ y ] a / b @ c")]
    // Entities are unescaped before the rules; '&' and '"' then padded.
    [InlineData("&quot;Tom &amp; Jerry&quot;", "\" Tom & Jerry \"")]
    [InlineData("&lt;b&gt;", "< b >")]
    // One pass per entity in order quot, amp, lt, gt: "&amp;quot;" → "&quot;" (stays), "&amp;lt;" → "&lt;" → "<".
    [InlineData("&amp;quot; &amp;lt;", "& quot ; <")]
    [InlineData("AT&T", "AT & T")]
    public void Tokenize_QuotesAndEntities_PaddedAfterUnescape(string line, string expected) =>
        Assert.Equal(expected, Tokenizer13a.Tokenize(line));

    [Theory]
    [InlineData("a <skipped> b", "a b")]
    [InlineData("co-\noperate", "cooperate")]
    [InlineData("line1\nline2", "line1 line2")]
    // Python's whitespace: tab, NBSP, U+001C and U+3000 all separate tokens.
    [InlineData("  a\t\tb \u00a0c\u001cd\u3000e  ", "a b c d e")]
    [InlineData("Grüße, Müller!", "Grüße , Müller !")]
    [InlineData("", "")]
    [InlineData(" \t ", "")]
    public void Tokenize_WhitespaceAndSkipped_Normalized(string line, string expected) =>
        Assert.Equal(expected, Tokenizer13a.Tokenize(line));

    [Fact]
    public void Tokenize_RandomStrings_MatchesRegexReference()
    {
        const string alphabet = "aZé09.,- '\"&;<>!?$()[]{}/\\`~@:_|\t\n\r\u00a0\u001c\u2028";
        var random = new Random(4711);
        for (int trial = 0; trial < 3000; trial++)
        {
            var chars = new char[random.Next(0, 16)];
            for (int i = 0; i < chars.Length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
            string line = new(chars);
            Assert.Equal(RegexTokenizer13a.Tokenize(line), Tokenizer13a.Tokenize(line));
        }
    }

    [Fact]
    public void Tokenize_EveryAsciiCharBetweenLetters_SplitsRuleOneClassAndPeriodComma()
    {
        // Rule 1's class [\{-\~\[-\` -\&\(-\+\:-\@\/] spelled out (minus space, which becomes whitespace),
        // plus ',' and '.' which rule 2 splits after a letter. '-' and '\'' stay inside the word.
        const string expected = "!\"#$%&()*+,./:;<=>?@[\\]^_`{|}~";
        string padded = new(Enumerable.Range(33, 94).Select(c => (char)c)
            .Where(c => Tokenizer13a.Tokenize($"a{c}b") == $"a {c} b").ToArray());
        Assert.Equal(expected, padded);
    }

    [Fact]
    public void Tokenize_EveryBmpCharBetweenLetters_SplitsExactlyOnPythonWhitespace()
    {
        string separators = new(Enumerable.Range(0, 0x10000).Select(c => (char)c)
            .Where(c => Tokenizer13a.Tokenize($"a{c}b") == "a b").ToArray());
        Assert.Equal(new string(RegexTokenizer13a.PythonWhitespace), separators);
    }
}
