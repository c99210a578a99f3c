using System.Runtime.CompilerServices;
using NmSparse.Translation.Data;

namespace NmSparse.Translation.Tests.Data;

/// <summary>Checks against golden/tiny_spm.model (made by golden/make_tiny_spm.sh; ids are spm_encode's).</summary>
public class SubwordTokenizerTests
{
    private static readonly SubwordTokenizer Tokenizer = SubwordTokenizer.Load(GoldenModel());

    [Fact]
    public void Load_TinyModel_SpecialIdsAndVocabSize() =>
        Assert.Equal((100, 0, 1, 2, 3),
            (Tokenizer.VocabSize, Tokenizer.PadId, Tokenizer.UnkId, Tokenizer.BosId, Tokenizer.EosId));

    [Theory]
    [InlineData("The cat sits in the garden.", new[] { 22, 40, 7, 10, 32, 65, 58, 14, 11, 58, 73, 50, 68, 6, 69 })]
    [InlineData("Die Kinder öffnen das Fenster.",
        new[] { 47, 58, 87, 14, 68, 12, 58, 99, 76, 76, 62, 6, 9, 23, 56, 6, 27, 12, 69 })]
    public void Encode_KnownSentence_SameIdsAsSpmEncode(string text, int[] expected) =>
        Assert.Equal(expected, Tokenizer.Encode(text));

    [Theory]
    [InlineData("The cat sits in the garden.")]
    [InlineData("Die Kinder öffnen das Fenster.")]
    public void Decode_EncodedSentence_RoundTrips(string text) => Assert.Equal(text, Tokenizer.Decode(Tokenizer.Encode(text)));

    [Fact]
    public void Decode_PadBosEos_Skipped()
    {
        var ids = Tokenizer.Encode("The cat sits.");
        Assert.Equal("The cat sits.", Tokenizer.Decode([2, .. ids, 3, 0, 0]));
    }

    [Fact]
    public void Load_MissingFile_UserInputException()
    {
        var error = Assert.Throws<UserInputException>(() => SubwordTokenizer.Load("/nonexistent/spm.model"));
        Assert.Equal("/nonexistent/spm.model: tokenizer model not found (run 'nmsparse data' first?)", error.Message);
    }

    private static string GoldenModel([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "golden", "tiny_spm.model");
}
