

namespace NmSparse.Cli.Tests;

public class DataCommandTests
{
    [Fact]
    public void Run_MissingTsvFile_ExitCode2WithFileName()
    {
        var (code, _, error) = CliRunner.Run("data", "--from-tsv", "/nonexistent/corpus.tsv", "--out", "/nonexistent/out");
        Assert.Equal(2, code);
        Assert.Equal("nmsparse: error: /nonexistent/corpus.tsv: file not found", error.Trim());
    }

    [Fact]
    public void Run_MosesWithOneFile_ParseErrorExitCode2()
    {
        var (code, _, error) = CliRunner.Run("data", "--from-moses", "only.en");
        Assert.Equal(2, code);
        Assert.StartsWith("nmsparse: error: ", error);
    }

    [Fact]
    public void Run_TsvAndMosesTogether_ExitCode2()
    {
        var (code, _, error) = CliRunner.Run("data", "--from-tsv", "a.tsv", "--from-moses", "a.en", "a.de");
        Assert.Equal(2, code);
        Assert.Equal("nmsparse: error: --from-tsv and --from-moses cannot be combined", error.Trim());
    }
}
