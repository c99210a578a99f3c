using System.Security.Cryptography;
using System.Text;

namespace NmSparse.Translation.Data;

/// <summary>
/// Everything a Debian corpus build reads, pinned: the packages it downloads (name and exact version) and the
/// SHA-256 of the uncompressed archive indexes it reads (package descriptions and their source packages). The same
/// pins give byte-identical splits on any machine; <see cref="Bookworm"/> is the one checked-in list.
/// </summary>
/// <param name="Ding">The Ding dictionary package.</param>
/// <param name="HelpEnglish">LibreOffice's English help pages.</param>
/// <param name="HelpGerman">LibreOffice's German help pages.</param>
/// <param name="Gettext">Packages whose German gettext catalogs are read, in the order they enter the pool.</param>
/// <param name="Tools">The SentencePiece tools: the package with <c>spm_train</c> first, then its library.</param>
/// <param name="Indexes">Release path (e.g. <c>main/i18n/Translation-de</c>) → SHA-256 of the uncompressed file.</param>
public sealed record DebianPins(
    PinnedPackage Ding,
    PinnedPackage HelpEnglish,
    PinnedPackage HelpGerman,
    IReadOnlyList<PinnedPackage> Gettext,
    IReadOnlyList<PinnedPackage> Tools,
    IReadOnlyDictionary<string, string> Indexes)
{
    /// <summary>
    /// Debian 12 (bookworm) main as of its InRelease dated 11 July 2026. Gettext packages: the 50 with the most German catalog bytes
    /// among common desktop and command-line packages (iso-codes and libgweather skipped: place and language names
    /// are almost all shorter than three words).
    /// </summary>
    public static DebianPins Bookworm { get; } = new(
        new PinnedPackage("trans-de-en", "1.9-6"),
        new PinnedPackage("libreoffice-help-en-us", "4:7.4.7-1+deb12u14"),
        new PinnedPackage("libreoffice-help-de", "4:7.4.7-1+deb12u14"),
        [
            new PinnedPackage("libreoffice-l10n-de", "4:7.4.7-1+deb12u14"),
            new PinnedPackage("gcc-12-locales", "12.2.0-14+deb12u1"),
            new PinnedPackage("digikam-data", "4:7.9.0-1"),
            new PinnedPackage("inkscape", "1.2.2-2+b1"),
            new PinnedPackage("gramps", "5.1.5-1"),
            new PinnedPackage("git", "1:2.39.5-0+deb12u3"),
            new PinnedPackage("gnucash-common", "1:4.13-1"),
            new PinnedPackage("vlc-l10n", "3.0.23-0+deb12u1"),
            new PinnedPackage("evolution-common", "3.46.4-2+deb12u1"),
            new PinnedPackage("util-linux-locales", "2.38.1-5+deb12u3"),
            new PinnedPackage("coreutils", "9.1-1"),
            new PinnedPackage("claws-mail-i18n", "4.1.1-2"),
            new PinnedPackage("audacity-data", "3.2.4+dfsg-1"),
            new PinnedPackage("gnumeric-common", "1.12.55-1"),
            new PinnedPackage("libgtk-3-common", "3.24.38-2~deb12u3"),
            new PinnedPackage("network-manager", "1.42.4-1+deb12u1"),
            new PinnedPackage("pidgin-data", "2.14.12-1"),
            new PinnedPackage("gnupg-l10n", "2.2.40-1.1+deb12u2"),
            new PinnedPackage("libgtk2.0-common", "2.24.33-2+deb12u1"),
            new PinnedPackage("gnome-control-center-data", "1:43.6-2~deb12u1"),
            new PinnedPackage("filezilla-common", "3.63.0-1+deb12u3"),
            new PinnedPackage("e2fsprogs-l10n", "1.47.0-2"),
            new PinnedPackage("dpkg", "1.21.23"),
            new PinnedPackage("anjuta-common", "2:3.34.0-8"),
            new PinnedPackage("evolution-data-server-common", "3.46.4-2"),
            new PinnedPackage("libc-l10n", "2.36-9+deb12u14"),
            new PinnedPackage("aptitude-common", "0.8.13-5"),
            new PinnedPackage("libglib2.0-data", "2.74.6-2+deb12u9"),
            new PinnedPackage("sylpheed-i18n", "3.8.0~beta1-1+deb12u1"),
            new PinnedPackage("shotwell-common", "0.30.17-1"),
            new PinnedPackage("grub-common", "2.06-13+deb12u2"),
            new PinnedPackage("kdenlive-data", "22.12.3-2+deb12u2"),
            new PinnedPackage("gettext", "0.21-12"),
            new PinnedPackage("binutils-common", "2.40-2"),
            new PinnedPackage("hexchat-common", "2.16.1-1"),
            new PinnedPackage("geany-common", "1.38-1"),
            new PinnedPackage("sudo", "1.9.13p3-1+deb12u4"),
            new PinnedPackage("nautilus-data", "43.2-1"),
            new PinnedPackage("thunar-data", "4.18.4-1"),
            new PinnedPackage("gnome-software-common", "43.5-1~deb12u2"),
            new PinnedPackage("gawk", "1:5.2.1-2"),
            new PinnedPackage("wget", "1.21.3-1+deb12u1"),
            new PinnedPackage("epiphany-browser-data", "43.1-1"),
            new PinnedPackage("mc-data", "3:4.8.29-2"),
            new PinnedPackage("gnome-builder", "43.6-3"),
            new PinnedPackage("network-manager-gnome", "1.30.0-2"),
            new PinnedPackage("gnome-disk-utility", "43.0-1"),
            new PinnedPackage("rhythmbox-data", "3.4.6-2"),
            new PinnedPackage("synaptic", "0.91.3"),
            new PinnedPackage("gedit-common", "44.2-1"),
        ],
        [new PinnedPackage("sentencepiece", "0.1.97-3+b1"), new PinnedPackage("libsentencepiece0", "0.1.97-3+b1")],
        new Dictionary<string, string>
        {
            [DescriptionSource.PackagesIndex] = "515e692f2c4121c6fcec444ef100cc18f79a991910615f3a88c8b7becfc94d2f",
            [DescriptionSource.EnglishIndex] = "62f59c3cdca9786e4f7adf9002f9f5729a684adcb4667e58e448dec9b5a46c7f",
            [DescriptionSource.GermanIndex] = "adac331fc51f9a00c1b4120b4ac87423be2b1f1615d4f288c7cbc2d5258c0650",
        });

    /// <summary>Every pinned package of the corpus itself (tools excluded), in the order they are read.</summary>
    public IReadOnlyList<PinnedPackage> CorpusPackages => [Ding, HelpEnglish, HelpGerman, .. Gettext];

    /// <summary>SHA-256 of every pin, so a corpus built from other pins is rebuilt.</summary>
    public string Fingerprint()
    {
        var lines = CorpusPackages.Concat(Tools).Select(p => $"{p.Name}={p.Version}")
            .Concat(Indexes.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => $"{i.Key}={i.Value}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }
}
