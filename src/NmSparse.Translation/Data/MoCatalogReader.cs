using System.Buffers.Binary;
using System.Text;

namespace NmSparse.Translation.Data;

/// <summary>
/// Reads binary GNU gettext catalogs (<c>.mo</c>): magic 0x950412de in either byte order, then the message count
/// and the offsets of the original and translated string tables, each entry a (length, offset) pair.
/// </summary>
public static class MoCatalogReader
{
    private const uint Magic = 0x950412de;

    /// <summary>
    /// The singular (msgid, msgstr) entries of a catalog. The header (empty msgid), plural entries and untranslated
    /// entries are skipped; a message context (<c>ctxt\u0004id</c>) is removed from the msgid.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a .mo catalog.</exception>
    public static IEnumerable<SentencePair> Read(byte[] data, string name)
    {
        if (data.Length < 20)
        {
            throw new InvalidDataException($"{name}: too short for a .mo catalog");
        }
        var littleEndian = BinaryPrimitives.ReadUInt32LittleEndian(data) == Magic;
        if (!littleEndian && BinaryPrimitives.ReadUInt32BigEndian(data) != Magic)
        {
            throw new InvalidDataException($"{name}: not a .mo catalog (bad magic number)");
        }
        uint Word(int offset) => littleEndian
            ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset))
            : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
        var count = (int)Word(8);
        var originals = (int)Word(12);
        var translations = (int)Word(16);
        var utf8 = new UTF8Encoding(false, false);
        string Entry(int table, int index)
        {
            var length = (int)Word(table + 8 * index);
            var offset = (int)Word(table + 8 * index + 4);
            if (offset < 0 || length < 0 || (long)offset + length > data.Length)
            {
                throw new InvalidDataException($"{name}: string {index} points outside the file");
            }
            return utf8.GetString(data, offset, length);
        }
        if (count < 0 || (long)Math.Max(originals, translations) + 8L * count > data.Length)
        {
            throw new InvalidDataException($"{name}: string tables point outside the file");
        }
        for (var i = 0; i < count; i++)
        {
            var id = Entry(originals, i);
            if (id.Length == 0 || id.Contains('\0'))
            {
                continue;
            }
            var text = Entry(translations, i);
            if (text.Length == 0 || text.Contains('\0'))
            {
                continue;
            }
            var context = id.IndexOf('\u0004');
            yield return new SentencePair(context >= 0 ? id[(context + 1)..] : id, text);
        }
    }
}
