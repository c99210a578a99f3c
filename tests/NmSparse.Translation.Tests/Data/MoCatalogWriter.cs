using System.Text;

namespace NmSparse.Translation.Tests.Data;

/// <summary>Writes .mo catalogs for tests.</summary>
internal static class MoCatalogWriter
{
    /// <summary>A little-endian .mo file with the given (msgid, msgstr) entries, laid out as GNU msgfmt does.</summary>
    public static byte[] Build(params (string Id, string Text)[] entries)
    {
        var count = entries.Length;
        var originals = 28;
        var translations = originals + 8 * count;
        var stringsStart = translations + 8 * count;
        var strings = new MemoryStream();
        var header = new BinaryWriter(new MemoryStream());
        var idTable = new List<(int, int)>();
        var textTable = new List<(int, int)>();
        foreach (var (id, _) in entries)
        {
            idTable.Add(Append(strings, id, stringsStart));
        }
        foreach (var (_, text) in entries)
        {
            textTable.Add(Append(strings, text, stringsStart));
        }
        header.Write(0x950412deu);
        header.Write(0);
        header.Write(count);
        header.Write(originals);
        header.Write(translations);
        header.Write(0);
        header.Write(0);
        foreach (var (length, offset) in idTable.Concat(textTable))
        {
            header.Write(length);
            header.Write(offset);
        }
        header.Write(strings.ToArray());
        return ((MemoryStream)header.BaseStream).ToArray();
    }

    private static (int Length, int Offset) Append(MemoryStream strings, string text, int start)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var offset = start + (int)strings.Length;
        strings.Write(bytes);
        strings.WriteByte(0);
        return (bytes.Length, offset);
    }
}
