using NmSparse.Translation.Data;

namespace NmSparse.Translation.Tests.Data;

public class MoCatalogReaderTests
{
    [Fact]
    public void Read_HeaderContextPluralAndUntranslated_OnlySingularTranslations()
    {
        var mo = MoCatalogWriter.Build(
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
}
