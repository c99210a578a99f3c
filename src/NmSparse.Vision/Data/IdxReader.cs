using System.Buffers.Binary;
using System.IO.Compression;

namespace NmSparse.Vision.Data;

/// <summary>
/// Reads gzip-compressed IDX files (LeCun's MNIST format, also Fashion-MNIST's): a 4-byte magic number (two zero
/// bytes, the element type 0x08 = unsigned byte, the number of dimensions), one big-endian 32-bit size per
/// dimension, then the elements in row-major order. Every check that fails is a one-line
/// <see cref="UserInputException"/> naming the file: a wrong magic number or dimension count, a zero size, fewer
/// or more data bytes than the sizes say, a damaged or truncated gzip stream, a label outside [0, classes).
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an unsigned-byte IDX file with three dimensions (images: count, rows, columns).</summary>
    public const int ImagesMagic = 0x0803;

    /// <summary>Magic number of an unsigned-byte IDX file with one dimension (labels: count).</summary>
    public const int LabelsMagic = 0x0801;

    /// <summary>Reads an image file (count × rows × columns unsigned bytes).</summary>
    public static ImageArray ReadImages(string path)
    {
        var (sizes, data) = Read(path, ImagesMagic);
        return new ImageArray(sizes[0], sizes[1], sizes[2], data);
    }

    /// <summary>Reads a label file; every label must be below <paramref name="classes"/>.</summary>
    public static byte[] ReadLabels(string path, int classes)
    {
        var (_, labels) = Read(path, LabelsMagic);
        int bad = Array.FindIndex(labels, l => l >= classes);
        if (bad >= 0)
            throw new UserInputException($"{path}: label {labels[bad]} of item {bad} is outside [0, {classes})");
        return labels;
    }

    private static (int[] Sizes, byte[] Data) Read(string path, int magic)
    {
        if (!File.Exists(path)) throw new UserInputException($"{path}: IDX file not found");
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            var header = new byte[4];
            if (!Fill(gzip, header)) throw new UserInputException($"{path}: shorter than an IDX header");
            int found = BinaryPrimitives.ReadInt32BigEndian(header);
            if (found != magic)
                throw new UserInputException(
                    $"{path}: IDX magic number 0x{found:x8}, expected 0x{magic:x8} ({Describe(magic)})");
            var sizes = new int[magic & 0xff];
            long elements = 1;
            for (int d = 0; d < sizes.Length; d++)
            {
                if (!Fill(gzip, header)) throw new UserInputException($"{path}: IDX header ends before size {d + 1}");
                sizes[d] = BinaryPrimitives.ReadInt32BigEndian(header);
                if (sizes[d] <= 0) throw new UserInputException($"{path}: IDX size {d + 1} is {sizes[d]}");
                elements *= sizes[d];
            }
            if (elements > Array.MaxLength)
                throw new UserInputException($"{path}: IDX sizes {string.Join('×', sizes)} are too large");
            var data = new byte[elements];
            if (!Fill(gzip, data))
                throw new UserInputException(
                    $"{path}: truncated: sizes {string.Join('×', sizes)} need {elements} data bytes");
            if (gzip.ReadByte() >= 0)
                throw new UserInputException(
                    $"{path}: more data than sizes {string.Join('×', sizes)} say ({elements} bytes)");
            return (sizes, data);
        }
        catch (InvalidDataException e)
        {
            throw new UserInputException($"{path}: not a valid gzip stream ({e.Message})");
        }
        catch (EndOfStreamException)
        {
            throw new UserInputException($"{path}: truncated gzip stream");
        }
    }

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes; false when the stream ends first.</summary>
    private static bool Fill(Stream stream, byte[] buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int read = stream.Read(buffer, done, buffer.Length - done);
            if (read == 0) return false;
            done += read;
        }
        return true;
    }

    private static string Describe(int magic) => magic == ImagesMagic ? "unsigned-byte images, 3 dimensions"
        : "unsigned-byte labels, 1 dimension";
}
