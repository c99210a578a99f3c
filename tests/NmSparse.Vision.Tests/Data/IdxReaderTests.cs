using NmSparse.Vision.Data;

namespace NmSparse.Vision.Tests.Data;

public class IdxReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nmsparse-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_dir, name);

    private string WriteBytes(string name, byte[] bytes)
    {
        File.WriteAllBytes(Path(name), bytes);
        return Path(name);
    }

    private string Images(int[] sizes, byte[] data) =>
        WriteBytes("images.gz", IdxWriter.Gzip(IdxWriter.Raw(IdxReader.ImagesMagic, sizes, data)));

    private UserInputException Fails(Action read) => Assert.Throws<UserInputException>(read);

    [Fact]
    public void ReadImages_TwoImagesOfTwoByThree_DecodesEveryByteInOrder()
    {
        var images = IdxReader.ReadImages(Images([2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]));

        Assert.Equal((2, 2, 3), (images.Count, images.Rows, images.Columns));
        Assert.Equal(new byte[] { 250, 251, 252, 253, 254, 255 }, images.Image(1).ToArray());
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5 }, images.Image(0).ToArray());
    }

    [Fact]
    public void ReadLabels_ThreeLabels_DecodesThem()
    {
        string path = WriteBytes("labels.gz", IdxWriter.Gzip(IdxWriter.Raw(IdxReader.LabelsMagic, [3], [9, 0, 4])));

        Assert.Equal(new byte[] { 9, 0, 4 }, IdxReader.ReadLabels(path, classes: 10));
    }

    [Fact]
    public void ReadLabels_LabelOutsideClasses_NamesFileItemAndRange()
    {
        string path = WriteBytes("labels.gz", IdxWriter.Gzip(IdxWriter.Raw(IdxReader.LabelsMagic, [3], [1, 10, 2])));

        Assert.Equal($"{path}: label 10 of item 1 is outside [0, 10)", Fails(() => IdxReader.ReadLabels(path, 10)).Message);
    }

    [Fact]
    public void ReadImages_LabelFileMagic_NamesBothMagicNumbers()
    {
        string path = WriteBytes("labels.gz", IdxWriter.Gzip(IdxWriter.Raw(IdxReader.LabelsMagic, [3], [1, 2, 3])));

        Assert.Equal($"{path}: IDX magic number 0x00000801, expected 0x00000803 (unsigned-byte images, 3 dimensions)",
            Fails(() => IdxReader.ReadImages(path)).Message);
    }

    [Fact]
    public void ReadImages_FourDimensions_IsAWrongMagicNumber()
    {
        string path = WriteBytes("four.gz", IdxWriter.Gzip(IdxWriter.Raw(0x0804, [1, 1, 1, 1], [7])));

        Assert.StartsWith($"{path}: IDX magic number 0x00000804, expected 0x00000803",
            Fails(() => IdxReader.ReadImages(path)).Message);
    }

    [Fact]
    public void ReadImages_ZeroSize_NamesTheDimension()
    {
        string path = Images([2, 0, 3], []);

        Assert.Equal($"{path}: IDX size 2 is 0", Fails(() => IdxReader.ReadImages(path)).Message);
    }

    [Fact]
    public void ReadImages_HeaderCutAfterTwoSizes_SaysWhichSizeIsMissing()
    {
        var raw = IdxWriter.Raw(IdxReader.ImagesMagic, [2, 2, 3], []).AsSpan(0, 12).ToArray();
        string path = WriteBytes("short.gz", IdxWriter.Gzip(raw));

        Assert.Equal($"{path}: IDX header ends before size 3", Fails(() => IdxReader.ReadImages(path)).Message);
    }

    [Fact]
    public void ReadImages_FewerDataBytesThanSizes_IsTruncated()
    {
        string path = Images([2, 2, 3], [1, 2, 3, 4, 5, 6, 7]);

        Assert.Equal($"{path}: truncated: sizes 2×2×3 need 12 data bytes", Fails(() => IdxReader.ReadImages(path)).Message);
    }

    [Fact]
    public void ReadImages_MoreDataBytesThanSizes_IsAnError()
    {
        string path = Images([1, 1, 2], [1, 2, 3]);

        Assert.Equal($"{path}: more data than sizes 1×1×2 say (2 bytes)", Fails(() => IdxReader.ReadImages(path)).Message);
    }

    [Fact]
    public void ReadImages_GzipCutInHalf_IsATruncatedFile()
    {
        var gzip = IdxWriter.Gzip(IdxWriter.Raw(IdxReader.ImagesMagic, [4, 8, 8], Enumerable.Range(0, 256)
            .Select(i => (byte)(i * 37)).ToArray()));
        string path = WriteBytes("cut.gz", gzip.AsSpan(0, gzip.Length / 2).ToArray());

        // GZipStream reports a cut stream as its end: the reader sees too few data bytes.
        Assert.Equal($"{path}: truncated: sizes 4×8×8 need 256 data bytes", Fails(() => IdxReader.ReadImages(path)).Message);
    }

    [Fact]
    public void ReadImages_NotGzip_SaysSo()
    {
        string path = WriteBytes("plain", IdxWriter.Raw(IdxReader.ImagesMagic, [1, 1, 1], [5]));

        Assert.StartsWith($"{path}: not a valid gzip stream", Fails(() => IdxReader.ReadImages(path)).Message);
    }

    [Fact]
    public void ReadImages_MissingFile_NamesIt()
    {
        Assert.Equal($"{Path("none.gz")}: IDX file not found", Fails(() => IdxReader.ReadImages(Path("none.gz"))).Message);
    }
}
