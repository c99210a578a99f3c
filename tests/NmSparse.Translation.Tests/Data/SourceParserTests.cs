using NmSparse.Translation.Data;

namespace NmSparse.Translation.Tests.Data;

public class SourceParserTests
{
    [Fact]
    public void ParseLine_AlternativesAndSynonyms_PairedByPosition()
    {
        var pairs = DingParser.ParseLine("Haus {n}; Heim {n} | Häuser {pl} :: house; home | houses").ToList();
        Assert.Equal(
            [new SentencePair("house", "Haus"), new SentencePair("home", "Heim"), new SentencePair("houses", "Häuser")],
            pairs);
    }

    [Fact]
    public void ParseLine_AnnotationsAndMismatchedAlternatives_StrippedOrSkipped()
    {
        Assert.Equal([new SentencePair("Stand-by below!", "Achtung unten!")],
            DingParser.ParseLine("Achtung unten! [naut.] :: Stand-by below!").ToList());
        Assert.Empty(DingParser.ParseLine("a | b :: c"));
        Assert.Empty(DingParser.ParseLine("# comment :: line"));
    }

    [Fact]
    public void Split_TwoSentencesAndAbbreviationLikeDot_SplitAtCapital()
    {
        Assert.Equal(["It works.", "Really!"], SentenceSplitter.Split("It works.  Really!"));
        Assert.Equal(["Version 1.2 is out."], SentenceSplitter.Split("Version 1.2 is out."));
    }

    [Fact]
    public void Align_DifferentSentenceCounts_WholeParagraphs()
    {
        var pairs = SentenceSplitter.Align("One. Two.", "Eins und zwei.").ToList();
        Assert.Equal([new SentencePair("One. Two.", "Eins und zwei.")], pairs);
    }

    [Fact]
    public void Blocks_DescriptionWithBulletsAndParagraphs_SynopsisThenBlocks()
    {
        const string description = "short tool\n First line\n continues here.\n .\n  * item one\n    wrapped\n  * item two";
        Assert.Equal(["short tool", "First line continues here.", "item one wrapped", "item two"],
            PackageDescription.Blocks(description));
    }

    [Fact]
    public void Pair_SameBlockCounts_SentencePairs()
    {
        var pairs = PackageDescription.Pair("a small tool\n It reads. It writes.", "ein kleines Werkzeug\n Es liest. Es schreibt.");
        Assert.Equal(
        [
            new SentencePair("a small tool", "ein kleines Werkzeug"), new SentencePair("It reads.", "Es liest."),
            new SentencePair("It writes.", "Es schreibt."),
        ], pairs.ToList());
    }

    [Fact]
    public void ReadStanzas_ContinuationLines_KeptWithNewlines()
    {
        var stanzas = Deb822Reader.ReadStanzas(new StringReader("Package: a\nDescription-en: x\n y\n\nPackage: b\n")).ToList();
        Assert.Equal(2, stanzas.Count);
        Assert.Equal("x\n y", stanzas[0]["Description-en"]);
        Assert.Equal("b", stanzas[1]["Package"]);
    }

    [Fact]
    public void Pair_HelpPagesWithSameIds_PairedByIdWithoutMarkup()
    {
        const string en = """<h1 id="hd_1" dir="auto">Title here</h1><p id="par_2" class="x">Use <a href="y">this link</a> , please.</p><p id="only_en">Nope</p>""";
        const string de = """<h1 id="hd_1">Titel hier</h1><p id="par_2">Nutzen Sie <b>diesen</b> Link &amp; mehr.</p>""";
        Assert.Equal(
            [new SentencePair("Title here", "Titel hier"), new SentencePair("Use this link, please.", "Nutzen Sie diesen Link & mehr.")],
            LibreOfficeHelpParser.Pair(en, de).ToList());
    }

    [Theory]
    [InlineData("_Open File", "Open File")]
    [InlineData("~Save As", "Save As")]
    [InlineData("&Print this", "Print this")]
    [InlineData("Datei öffnen (_O)", "Datei öffnen")]
    [InlineData("Tom &amp; Jerry", "Tom &amp; Jerry")]
    public void StripAccelerators_Examples_Removed(string text, string expected) =>
        Assert.Equal(expected, GettextCleaner.StripAccelerators(text));

    [Fact]
    public void StripAccelerators_TwoUnderscores_Null() =>
        Assert.Null(GettextCleaner.StripAccelerators("set my_long_var now"));
}
