using System.Security.Cryptography;
using System.Text;

namespace NmSparse.Cli.Tests;

public class DataCommandTests
{
    [Fact]
    public void Run_StrictWithIndexOtherThanPinned_ExitCode2NamingIndex()
    {
        var dir = Directory.CreateTempSubdirectory("nmsparse-data-cli-test").FullName;
        try
        {
            var lists = Path.Combine(dir, "cache", "apt", "lists");
            Directory.CreateDirectory(lists);
            var files = new Dictionary<string, string>
            {
                ["InRelease"] = "Date: Sat, 01 Jan 2000 00:00:00 UTC\n",
                ["main_binary-amd64_Packages"] = "Package: changed\n",
                ["main_i18n_Translation-en"] = "",
                ["main_i18n_Translation-de"] = "",
            };
            foreach (var (name, text) in files)
            {
                File.WriteAllText(Path.Combine(lists, $"deb.debian.org_debian_dists_bookworm_{name}"), text);
            }
            var served = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("Package: changed\n")));
            var (code, _, error) = CliRunner.Run("data", "--strict", "--cache", Path.Combine(dir, "cache"),
                "--out", Path.Combine(dir, "out"));
            Assert.Equal(2, code);
            Assert.Equal(
                "nmsparse: error: index main/binary-amd64/Packages: pinned sha256 " +
                $"515e692f2c4121c6fcec444ef100cc18f79a991910615f3a88c8b7becfc94d2f, archive serves {served} " +
                "(Release Sat, 01 Jan 2000 00:00:00 UTC); --strict allows no difference from the pins in DebianPins",
                error.Trim());
            Assert.False(Directory.Exists(Path.Combine(dir, "cache", "debs")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

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
