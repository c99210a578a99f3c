using NmSparse.Export;
using NmSparse.Kernels;
using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Tests.Export;

public class NmModelFileTests
{
    // Row 0 keeps columns 1, 2 | 4, 7 (positions 1, 2 | 0, 3 → 2-bit stream 0b11_00_10_01 = 0xC9).
    private static readonly float[] OneRowValues = { 2, -1, 3, 1 };
    private static readonly byte[] OneRowPacked = { 0xC9 };

    [Fact]
    public void Read_HandWrittenNmRecord_DecodesValuesAndPositions()
    {
        byte[] file = FileBytes.File(FileBytes.NmRecord("fc.weight", 1, 8, 2, 4, OneRowValues, OneRowPacked), 1);

        StoredTensor t = Assert.Single(NmModelFile.Read(file, "m.nmsp"));

        Assert.Equal("fc.weight", t.Name);
        Assert.Equal(StoredTensorKind.NmCompressed, t.Kind);
        Assert.Equal(new byte[] { 1, 2, 0, 3 }, t.Matrix!.Positions.ToArray());
        using var dense = t.ToTensor();
        Assert.Equal(new float[] { 0, 2, -1, 0, 3, 0, 0, 1 }, dense.data<float>().ToArray());
    }

    [Fact]
    public void Write_OneRowTwoFour_GivesTheDocumentedBytes()
    {
        using var w = tensor(new float[] { 0, 2, -1, 0, 3, 0, 0, 1 }, new long[] { 1, 8 });
        var stored = StoredTensor.Compressed("fc.weight", w, new NmPattern(2, 4), GroupAxis.Input);
        using var stream = new MemoryStream();

        NmModelFile.Write(stream, new[] { stored });

        byte[] expected = FileBytes.File(FileBytes.NmRecord("fc.weight", 1, 8, 2, 4, OneRowValues, OneRowPacked), 1);
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void SaveLoad_MixedTensors_RoundTripsBitForBit()
    {
        using var scope = NewDisposeScope();
        Tensor masked = Kernels.DenseReference.MaskedWeight(24, 32, new NmPattern(1, 8), 3);
        Tensor outputMasked = Kernels.DenseReference.MaskedWeight(16, 12, new NmPattern(2, 4), 4).t().contiguous();
        Tensor bias = randn(24);
        Tensor ids = arange(10L);
        Tensor half = randn(3, 5).to(ScalarType.BFloat16);
        var tensors = new[]
        {
            StoredTensor.Compressed("a.weight", masked, new NmPattern(1, 8), GroupAxis.Input),
            StoredTensor.Compressed("b.weight", outputMasked, new NmPattern(2, 4), GroupAxis.Output),
            StoredTensor.Compressed("c.weight", masked, new NmPattern(1, 8), GroupAxis.Input, NmValueType.BFloat16),
            StoredTensor.Dense("a.bias", bias), StoredTensor.Dense("ids", ids), StoredTensor.Dense("half", half),
        };
        string path = Path.Combine(Path.GetTempPath(), $"nmsp-{Guid.NewGuid():N}.nmsp");

        NmModelFile.Save(path, tensors);
        IReadOnlyList<StoredTensor> loaded = NmModelFile.Load(path);
        File.Delete(path);

        Assert.Equal(tensors.Select(t => t.Name), loaded.Select(t => t.Name));
        Assert.Equal(tensors.Select(t => t.Kind), loaded.Select(t => t.Kind));
        // Pruned weights load as +0 (masking left −0 at negative ones): adding 0 turns −0 into +0.
        Tensor[] expectedValues =
        {
            masked.add(0f), outputMasked.add(0f), masked.to(ScalarType.BFloat16).to(ScalarType.Float32).add(0f),
            bias, ids, half,
        };
        foreach ((Tensor expected, StoredTensor actual) in expectedValues.Zip(loaded))
        {
            Tensor value = actual.ToTensor();
            Assert.Equal(expected.shape, value.shape);
            Assert.Equal(expected.dtype, value.dtype);
            Assert.Equal(expected.contiguous().bytes.ToArray(), value.bytes.ToArray());
        }
    }

    [Fact]
    public void Read_TruncatedFile_ThrowsTruncated()
    {
        byte[] file = FileBytes.File(FileBytes.NmRecord("w", 1, 8, 2, 4, OneRowValues, OneRowPacked), 1);

        var e = Assert.Throws<UserInputException>(() => NmModelFile.Read(file[..^1], "m.nmsp"));

        Assert.Equal($"m.nmsp: file is truncated ({file.Length - 1} bytes, the header promises {file.Length})",
            e.Message);
    }

    [Fact]
    public void Read_ShorterThanHeader_ThrowsTruncated()
    {
        var e = Assert.Throws<UserInputException>(() => NmModelFile.Read(new byte[10], "m.nmsp"));

        Assert.Equal("m.nmsp: file is truncated (10 bytes, a model file has at least 52)", e.Message);
    }

    [Fact]
    public void Read_FlippedPayloadByte_ThrowsChecksumMismatch()
    {
        byte[] file = FileBytes.File(FileBytes.NmRecord("w", 1, 8, 2, 4, OneRowValues, OneRowPacked), 1);
        file[30] ^= 0x10;

        var e = Assert.Throws<UserInputException>(() => NmModelFile.Read(file, "m.nmsp"));

        Assert.Equal("m.nmsp: checksum mismatch (the file is corrupt)", e.Message);
    }

    [Fact]
    public void Read_WrongMagic_ThrowsNotAModelFile()
    {
        byte[] file = FileBytes.File(FileBytes.NmRecord("w", 1, 8, 2, 4, OneRowValues, OneRowPacked), 1);
        file[0] = (byte)'X';

        var e = Assert.Throws<UserInputException>(() => NmModelFile.Read(file, "m.nmsp"));

        Assert.Equal("m.nmsp: not an NmSparse model file (magic is not NMSP)", e.Message);
    }

    [Fact]
    public void Read_VersionTwo_ThrowsUnsupportedVersion()
    {
        byte[] file = FileBytes.File(FileBytes.NmRecord("w", 1, 8, 2, 4, OneRowValues, OneRowPacked), 1, version: 2);

        var e = Assert.Throws<UserInputException>(() => NmModelFile.Read(file, "m.nmsp"));

        Assert.Equal("m.nmsp: format version 2 is not supported (this library reads version 1)", e.Message);
    }

    [Fact]
    public void Read_DuplicatePositionsInGroup_ThrowsNamingTensorAndGroup()
    {
        // Positions 1, 2 | 1, 1: 2-bit stream 0b01_01_10_01 = 0x59.
        byte[] file = FileBytes.File(FileBytes.NmRecord("w", 1, 8, 2, 4, OneRowValues, new byte[] { 0x59 }), 1);

        var e = Assert.Throws<UserInputException>(() => NmModelFile.Read(file, "m.nmsp"));

        Assert.Equal(
            "m.nmsp: tensor 'w': row 0, group 1: positions [1, 1] are not 2 distinct increasing indices below 4",
            e.Message);
    }

    [Fact]
    public void Read_PositionOutOfRange_ThrowsNamingTensorAndGroup()
    {
        // 2:3 packs positions in 2 bits, so 3 can be written: positions 0, 3 (0b11_00 = 0x0C).
        byte[] file = FileBytes.File(FileBytes.NmRecord("w", 1, 3, 2, 3, new float[] { 1, 2 }, new byte[] { 0x0C }), 1);

        var e = Assert.Throws<UserInputException>(() => NmModelFile.Read(file, "m.nmsp"));

        Assert.Equal(
            "m.nmsp: tensor 'w': row 0, group 0: positions [0, 3] are not 2 distinct increasing indices below 3",
            e.Message);
    }

    [Fact]
    public void Read_GroupsWithThreeValuesForTwoFour_ThrowsWrongCount()
    {
        // Three values and positions 0, 1, 2 (0b10_01_00 = 0x24) where 2:4 over [1, 8] needs four.
        byte[] record = FileBytes.NmRecord("w", 1, 8, 2, 4, new float[] { 1, 2, 3 }, new byte[] { 0x24 });
        byte[] file = FileBytes.File(record, 1);

        var e = Assert.Throws<UserInputException>(() => NmModelFile.Read(file, "m.nmsp"));

        Assert.Equal("m.nmsp: tensor 'w': 3 values stored, 2:4 over [1, 8] needs 4", e.Message);
    }

    [Fact]
    public void Read_RecordPastPayload_ThrowsNamingTensor()
    {
        byte[] record = FileBytes.NmRecord("w", 1, 8, 2, 4, OneRowValues, OneRowPacked);
        byte[] file = FileBytes.File(record[..^3], 1);

        var e = Assert.Throws<UserInputException>(() => NmModelFile.Read(file, "m.nmsp"));

        Assert.Equal("m.nmsp: tensor 'w': record runs past the end of the payload", e.Message);
    }

    [Fact]
    public void Save_DuplicateName_KeepsOldFileAndLeavesNoTemporary()
    {
        string folder = Directory.CreateTempSubdirectory("nmsp-").FullName;
        string path = Path.Combine(folder, "m.nmsp");
        File.WriteAllText(path, "old");
        using var bias = zeros(3);
        var tensors = new[] { StoredTensor.Dense("b", bias), StoredTensor.Dense("b", bias) };

        var e = Assert.Throws<UserInputException>(() => NmModelFile.Save(path, tensors));

        Assert.Equal("tensor 'b' appears twice", e.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder));
        Directory.Delete(folder, recursive: true);
    }
}
