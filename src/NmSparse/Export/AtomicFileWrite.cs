namespace NmSparse.Export;

/// <summary>
/// Writes a file so that readers see the old file or the complete new one, never a part: the content goes to a
/// temporary file in the same folder, is flushed to disk, and replaces the target by a rename.
/// </summary>
internal static class AtomicFileWrite
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
