using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Training;

public class CheckpointFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nmsparse-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReadWrite_RoundTrip_ReturnsSameHeaderAndSections()
    {
        string path = Path.Combine(_dir, "last.ckpt");
        CheckpointFile.Write(path, "{\"step\":3}", new Dictionary<string, byte[]> { ["model"] = [1, 2, 3], ["optim"] = [] });
        var (header, sections) = CheckpointFile.Read(path);
        Assert.Equal("{\"step\":3}", header);
        Assert.Equal(new byte[] { 1, 2, 3 }, sections["model"]);
        Assert.Empty(sections["optim"]);
        Assert.Single(Directory.GetFiles(_dir)); // no temporary file left behind
    }

    [Fact]
    public void Read_OneByteFlipped_ThrowsChecksumError()
    {
        string path = Path.Combine(_dir, "last.ckpt");
        CheckpointFile.Write(path, "{}", new Dictionary<string, byte[]> { ["model"] = [9, 9, 9, 9] });
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^40] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<UserInputException>(() => CheckpointFile.Read(path));
        Assert.Contains("SHA-256 mismatch", e.Message);
        Assert.Contains(path, e.Message);
    }
}
