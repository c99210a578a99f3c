using NmSparse.Translation.Data;

namespace NmSparse.Translation.Tests.Data;

public class TextNormalizerTests
{
    [Fact]
    public void CleanWhitespace_TabsNewlinesAndRuns_CollapsedAndTrimmed() =>
        Assert.Equal("a b c", TextNormalizer.CleanWhitespace("  a\t\tb\n c  "));

    [Fact]
    public void Key_CaseAndPunctuationDiffer_SameKey()
    {
        Assert.Equal("open the file", TextNormalizer.Key("Open the  File!"));
        Assert.Equal(TextNormalizer.Key("Don't stop."), TextNormalizer.Key("don t stop"));
    }

    [Fact]
    public void KeyPrefix_LongAndShortKeys_FirstWordsOrWhole()
    {
        Assert.Equal("a b c d e", TextNormalizer.KeyPrefix("a b c d e f g", 5));
        Assert.Equal("a b", TextNormalizer.KeyPrefix("a b", 5));
    }

    [Theory]
    [InlineData("This is it.", true)]
    [InlineData("Is it?", true)]
    [InlineData("this is it.", false)]
    [InlineData("This is it", false)]
    public void IsSentence_Examples_Expected(string text, bool expected) =>
        Assert.Equal(expected, TextNormalizer.IsSentence(text));

    [Theory]
    [InlineData("Open the file", "Die Datei öffnen", true)]
    [InlineData("Open", "Öffnen Sie es", false)]
    [InlineData("Could not open %s now", "Konnte %s nicht öffnen", false)]
    [InlineData("Click <b>here</b> now", "Klicken Sie hier jetzt", false)]
    [InlineData("Value is {0} now", "Wert ist jetzt {0}", false)]
    [InlineData("Same text here", "same text here", false)]
    [InlineData("It is 100 % sure", "Es ist 100 % sicher", true)]
    public void Accept_Examples_Expected(string en, string de, bool expected) =>
        Assert.Equal(expected, PairFilter.Accept(en, de));

    [Fact]
    public void Accept_EightyOneWords_Rejected()
    {
        var eighty = string.Join(' ', Enumerable.Repeat("word", 80));
        Assert.True(PairFilter.Accept(eighty, eighty.Replace("word", "Wort")));
        Assert.False(PairFilter.Accept(eighty + " more", eighty.Replace("word", "Wort")));
    }
}
