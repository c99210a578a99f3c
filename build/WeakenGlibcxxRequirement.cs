using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Sets VER_FLG_WEAK on one version requirement (e.g. GLIBCXX_3.4.32) in the .gnu.version_r section
/// of 64-bit little-endian ELF shared objects. Idempotent; writes through a temporary file so a
/// hard-linked original (such as a NuGet cache entry) is never touched.
/// </summary>
public class WeakenGlibcxxRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                var bytes = File.ReadAllBytes(path);
                var changed = Weaken(bytes, VersionName);
                if (changed == 0) continue;
                var temp = path + ".nmsparse-tmp";
                File.WriteAllBytes(temp, bytes);
                File.Delete(path);
                File.Move(temp, path);
                Log.LogMessage(MessageImportance.High,
                    $"NmSparse: marked {VersionName} weak in {path} ({changed} entr{(changed == 1 ? "y" : "ies")})");
            }
            catch (Exception e)
            {
                Log.LogError($"NmSparse: cannot patch {path}: {e.Message}");
                return false;
            }
        }
        return true;
    }

    /// <summary>Returns how many version-need entries were changed (0 when already weak or absent).</summary>
    public static int Weaken(byte[] elf, string versionName)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("only 64-bit little-endian ELF is supported");
        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        int changed = 0;
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            int count = (int)BitConverter.ToUInt32(elf, (int)sh + 0x2C);
            long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);
            long need = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    long nameAt = strtab + BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadCString(elf, nameAt) == versionName)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, (int)aux + 4);
                            changed++;
                        }
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        return changed;
    }

    private static string ReadCString(byte[] data, long start)
    {
        long end = start;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)start, (int)(end - start));
    }
}
