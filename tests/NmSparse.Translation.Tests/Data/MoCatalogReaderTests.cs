using System.Text;
using NmSparse.Translation.Data;

namespace NmSparse.Translation.Tests.Data;

public class MoCatalogReaderTests
{
    [Fact]
    public void Read_HeaderContextPluralAndUntranslated_OnlySingularTranslations()
    {
        var mo = BuildMo(
            ("", "Content-Type: text/plain; charset=UTF-8\n"),
            ("menu\u0004Open the file", "Die Datei öffnen"),
            ("one file\0%d files", "eine Datei\0%d Dateien"),
            ("Untranslated", ""),
            ("Save the file", "Datei speichern"));
        Assert.Equal(
            [new SentencePair("Open the file", "Die Datei öffnen"), new SentencePair("Save the file", "Datei speichern")],
            MoCatalogReader.Read(mo, "test.mo").ToList());
    }

    [Fact]
    public void Read_BadMagic_InvalidDataException()
    {
        var bytes = new byte[32];
        var error = Assert.Throws<InvalidDataException>(() => MoCatalogReader.Read(bytes, "x.mo").ToList());
        Assert.Equal("x.mo: not a .mo catalog (bad magic number)", error.Message);
    }

    /// <summary>A little-endian .mo file with the given (msgid, msgstr) entries, laid out as GNU msgfmt does.</summary>
    private static byte[] BuildMo(params (string Id, string Text)[] entries)
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
