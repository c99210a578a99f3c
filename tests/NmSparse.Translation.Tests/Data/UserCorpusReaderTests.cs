using System.Text;
using NmSparse.Translation.Data;

using NmSparse.Translation.IO;

namespace NmSparse.Translation.Tests.Data;

public sealed class UserCorpusReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nmsparse-data-test").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReadTsv_MalformedLines_ReportedWithLineAndSkipped()
    {
        var path = Write("c.tsv", "Good one here\tGuter hier\nno tab at all\na\tb\tc\n\tleer\nFine line\tGute Zeile\n");
        var messages = new List<string>();
        var reader = new UserCorpusReader(strict: false, messages.Add);
        var pairs = reader.ReadTsv(path);
        Assert.Equal([new SentencePair("Good one here", "Guter hier"), new SentencePair("Fine line", "Gute Zeile")], pairs);
        Assert.Equal(3, reader.Malformed);
        Assert.Equal(
        [
            $"  warning: {path}:2: no tab (expected English<TAB>German), skipped",
            $"  warning: {path}:3: 2 tabs (expected exactly one), skipped",
            $"  warning: {path}:4: empty English side, skipped",
        ], messages);
    }

    [Fact]
    public void ReadTsv_StrictAndMalformed_UserInputException()
    {
        var path = Write("c.tsv", "ok\tgut\nbroken\n");
        var error = Assert.Throws<UserInputException>(() => new UserCorpusReader(true, _ => { }).ReadTsv(path));
        Assert.Equal($"{path}:2: no tab (expected English<TAB>German)", error.Message);
    }

    [Theory]
    [InlineData("one\ntwo\n", "eins\n", "{0}: 2 lines but {1} has 1; the files must be line-aligned")]
    [InlineData("one\n", "", "{1}: file is empty")]
    public void ReadMoses_BadFiles_UserInputExceptionNamingFile(string english, string german, string expected)
    {
        var en = Write("c.en", english);
        var de = Write("c.de", german);
        var error = Assert.Throws<UserInputException>(() => new UserCorpusReader(false, _ => { }).ReadMoses(en, de));
        Assert.Equal(string.Format(expected, en, de), error.Message);
    }

    [Fact]
    public void ReadLines_InvalidUtf8OnLineTwo_UserInputExceptionNamingLine()
    {
        var path = Path.Combine(_dir, "bad.en");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("fine\nbad "), 0xC3, 0x28, (byte)'\n']);
        var error = Assert.Throws<UserInputException>(() => ParallelCorpus.ReadLines(path));
        Assert.Equal($"{path}:2: invalid UTF-8", error.Message);
    }

    [Fact]
    public void Read_WrittenSplit_PairsBack()
    {
        var paths = new CorpusPaths(_dir);
        AtomicFile.WriteLines(paths.English("valid"), ["Hello there world", "Second line here"]);
        AtomicFile.WriteLines(paths.German("valid"), ["Hallo Welt da", "Zweite Zeile hier"]);
        Assert.Equal(
            [new SentencePair("Hello there world", "Hallo Welt da"), new SentencePair("Second line here", "Zweite Zeile hier")],
            ParallelCorpus.Read(_dir, "valid"));
        Assert.Empty(Directory.GetFiles(_dir, "*.nmsparse-tmp"));
    }

    [Fact]
    public void StaleReason_ChangedFileOrRequest_Explained()
    {
        var paths = new CorpusPaths(_dir);
        foreach (var file in paths.OutputFiles())
        {
            File.WriteAllText(file, Path.GetFileName(file));
        }
        var request = new Dictionary<string, string> { ["kind"] = "tsv" };
        var manifest = new CorpusManifest
        {
            Request = request, BuildDate = "2025-01-01T00:00:00Z", SourcePairs = new Dictionary<string, int>(),
            Splits = new Dictionary<string, int>(), Overlap = new Dictionary<string, int>(),
            TokenizerCheck = new Dictionary<string, int>(),
            Files = paths.OutputFiles().ToDictionary(f => Path.GetFileName(f), AtomicFile.Sha256),
        };
        manifest.Save(paths.Manifest);
        var loaded = CorpusManifest.TryLoad(paths.Manifest)!;
        Assert.Null(loaded.StaleReason(request, paths));
        Assert.Equal("the request changed", loaded.StaleReason(new Dictionary<string, string> { ["kind"] = "moses" }, paths));
        File.AppendAllText(paths.German("test"), "x");
        Assert.Equal("test.de does not match its SHA-256 in the manifest", loaded.StaleReason(request, paths));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
