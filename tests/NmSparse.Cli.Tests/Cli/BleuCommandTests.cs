using System.Text;
using System.Text.Json;

namespace NmSparse.Cli.Tests;

/// <summary>
/// <c>nmsparse bleu</c> in-process. The two-segment corpus is the one of CorpusBleuTests: sums 9/10, 6/8, 3/6,
/// 1/4 → BLEU (90·75·50·25)^(1/4) = 53.8956.
/// </summary>
public sealed class BleuCommandTests : IDisposable
{
    private const string Expected = "BLEU = 53.90 90.0/75.0/50.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 10 ref_len = 10)";
    private readonly string _dir = Directory.CreateTempSubdirectory("nmsparse-bleu-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Run_OneReference_PrintsScoreLineThenSignature()
    {
        string hyp = Write("hyp.txt", "the cat sat on the mat\na b c d\n");
        string reference = Write("ref.txt", "the cat is on the mat\na b c d\n");
        var (code, stdout, _) = CliRunner.Run("bleu", hyp, reference);
        Assert.Equal(0, code);
        Assert.Equal($"{Expected}\nnrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3\n", stdout);
    }

    [Fact]
    public void Run_CrLfAndNoFinalNewline_ReadsSameSegments()
    {
        // Lines end at '\n' only; the '\r' left on each line is trailing whitespace and stripped.
        string hyp = Write("hyp.txt", "the cat sat on the mat\r\na b c d");
        string reference = Write("ref.txt", "the cat is on the mat\r\na b c d\r\n");
        var (code, stdout, _) = CliRunner.Run("bleu", hyp, reference);
        Assert.Equal(0, code);
        Assert.StartsWith(Expected + "\n", stdout);
    }

    [Fact]
    public void Run_TwoReferenceFiles_ReportsTwoRefs()
    {
        // Segment 1 now also has its exact reference → all n-grams match: 10/10, 8/8, 6/6, 4/4 → 100.
        string hyp = Write("hyp.txt", "the cat sat on the mat\na b c d\n");
        string ref1 = Write("ref1.txt", "the cat is on the mat\na b c d\n");
        string ref2 = Write("ref2.txt", "the cat sat on the mat\nx\n");
        var (code, stdout, _) = CliRunner.Run("bleu", hyp, ref1, ref2);
        Assert.Equal(0, code);
        Assert.Equal("BLEU = 100.00 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 10 ref_len = 10)\n" +
            "nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3\n", stdout);
    }

    [Fact]
    public void Run_Json_PrintsStatistics()
    {
        string hyp = Write("hyp.txt", "the cat sat on the mat\na b c d\n");
        string reference = Write("ref.txt", "the cat is on the mat\na b c d\n");
        var (code, stdout, _) = CliRunner.Run("bleu", hyp, reference, "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(Math.Pow(8_437_500.0, 0.25), root.GetProperty("score").GetDouble(), 1e-12);
        Assert.Equal(new[] { 90.0, 75.0, 50.0, 25.0 },
            root.GetProperty("precisions").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(new[] { 9, 6, 3, 1 }, root.GetProperty("counts").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(1.0, root.GetProperty("bp").GetDouble());
        Assert.Equal(10, root.GetProperty("hyp_len").GetInt32());
        Assert.Equal(1, root.GetProperty("nrefs").GetInt32());
        Assert.Equal(Expected, root.GetProperty("text").GetString());
    }

    [Fact]
    public void Run_LineCountsDiffer_Exit2NamingBothFiles()
    {
        string hyp = Write("hyp.txt", "a\nb\nc\n");
        string reference = Write("ref.txt", "a\nb\n");
        var (code, _, stderr) = CliRunner.Run("bleu", hyp, reference);
        Assert.Equal(2, code);
        Assert.Equal($"nmsparse: error: line counts differ: {hyp} has 3 lines, {reference} has 2\n", stderr);
    }

    [Fact]
    public void Run_MissingFile_Exit2NamingIt()
    {
        string hyp = Write("hyp.txt", "a\n");
        string missing = Path.Combine(_dir, "nope.txt");
        var (code, _, stderr) = CliRunner.Run("bleu", hyp, missing);
        Assert.Equal(2, code);
        Assert.Equal($"nmsparse: error: {missing}: file not found\n", stderr);
    }

    [Fact]
    public void Run_InvalidUtf8_Exit2NamingFileAndLine()
    {
        string hyp = Write("hyp.txt", "a\nb\n");
        string reference = Path.Combine(_dir, "ref.txt");
        File.WriteAllBytes(reference, [(byte)'a', (byte)'\n', (byte)'b', 0xFF, (byte)'\n']);
        var (code, _, stderr) = CliRunner.Run("bleu", hyp, reference);
        Assert.Equal(2, code);
        Assert.Equal($"nmsparse: error: {reference}:2: not valid UTF-8 (byte offset 3)\n", stderr);
    }

    [Fact]
    public void Run_EmptyFiles_Exit2()
    {
        string hyp = Write("hyp.txt", "");
        string reference = Write("ref.txt", "");
        var (code, _, stderr) = CliRunner.Run("bleu", hyp, reference);
        Assert.Equal(2, code);
        Assert.Equal($"nmsparse: error: {hyp}: no lines to score\n", stderr);
    }

    [Fact]
    public void Run_NoReference_ParseErrorExit2()
    {
        var (code, _, stderr) = CliRunner.Run("bleu", Write("hyp.txt", "a\n"));
        Assert.Equal(2, code);
        Assert.StartsWith("nmsparse: error:", stderr);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }
}
