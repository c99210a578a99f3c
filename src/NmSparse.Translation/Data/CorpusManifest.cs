using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

using NmSparse.Translation.IO;

namespace NmSparse.Translation.Data;

/// <summary>
/// <c>manifest.json</c> of a corpus directory: what was asked for, which packages (exact versions) or input files
/// went in, pairs per source, split sizes, overlap checks, the tokenizer check, and the SHA-256 of every output.
/// </summary>
public sealed record CorpusManifest
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The request (kind, seed, vocab size, input hashes); a rebuild happens only when it changes.</summary>
    public required IReadOnlyDictionary<string, string> Request { get; init; }

    /// <summary>UTC build time, ISO 8601.</summary>
    public required string BuildDate { get; init; }

    /// <summary>Wall-clock seconds the build took.</summary>
    public double BuildSeconds { get; init; }

    /// <summary>Debian packages used, name → exact version.</summary>
    public IReadOnlyDictionary<string, string> Packages { get; init; } = new Dictionary<string, string>();

    /// <summary>The <c>Date:</c> of the archive's InRelease file the indexes came from (Debian builds).</summary>
    public string? ReleaseDate { get; init; }

    /// <summary>Archive index read (Release path) → SHA-256 of its uncompressed text (Debian builds).</summary>
    public IReadOnlyDictionary<string, string>? Indexes { get; init; }

    /// <summary>Pins the archive did not serve (package versions, index checksums), one line each.</summary>
    public IReadOnlyList<string> Drift { get; init; } = [];

    /// <summary>Pairs each source contributed after filtering and deduplication.</summary>
    public required IReadOnlyDictionary<string, int> SourcePairs { get; init; }

    /// <summary>Pairs per split.</summary>
    public required IReadOnlyDictionary<string, int> Splits { get; init; }

    /// <summary>Pairs left out by the split (held-out groups' template sentences, quota overflow).</summary>
    public int DroppedPairs { get; init; }

    /// <summary>Malformed input lines skipped (user corpora).</summary>
    public int MalformedLines { get; init; }

    /// <summary>Valid/test English sentences (and 5-word prefixes) and German sentences also found in train.</summary>
    public required IReadOnlyDictionary<string, int> Overlap { get; init; }

    /// <summary>Lines whose Microsoft.ML.Tokenizers ids were compared with spm_encode, and how many differed.</summary>
    public required IReadOnlyDictionary<string, int> TokenizerCheck { get; init; }

    /// <summary>Output file name → SHA-256 (hex).</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    /// <summary>Reads a manifest, or returns null if it is missing or unreadable.</summary>
    public static CorpusManifest? TryLoad(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<CorpusManifest>(File.ReadAllText(path), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the manifest atomically.</summary>
    public void Save(string path) => AtomicFile.WriteText(path, JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>
    /// Whether <paramref name="paths"/> already holds the output of <paramref name="request"/>: same request and every
    /// listed file present with the recorded SHA-256. Returns the reason when not.
    /// </summary>
    public string? StaleReason(IReadOnlyDictionary<string, string> request, CorpusPaths paths)
    {
        if (request.Count != Request.Count || request.Any(r => Request.GetValueOrDefault(r.Key) != r.Value))
        {
            return "the request changed";
        }
        foreach (var file in paths.OutputFiles())
        {
            var name = Path.GetFileName(file);
            if (!File.Exists(file))
            {
                return $"{name} is missing";
            }
            if (!Files.TryGetValue(name, out var hash) || hash != AtomicFile.Sha256(file))
            {
                return $"{name} does not match its SHA-256 in the manifest";
            }
        }
        return null;
    }
}
