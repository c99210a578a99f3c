using System.Globalization;

namespace NmSparse.Translation.Deploy;

/// <summary>
/// One mode of <see cref="DecodeBenchmark"/>: seconds to decode the same sentences greedily with the dense-masked
/// libtorch model and with the sparse engine, and whether both produced the same translations.
/// </summary>
public sealed record DecodeTimingRow(string Mode, int Sentences, double DenseSeconds, double SparseSeconds,
    bool Identical)
{
    /// <summary>The CSV header matching <see cref="ToCsv"/>.</summary>
    public const string CsvHeader = "mode,sentences,dense_s,sparse_s,speedup,identical";

    /// <summary>Dense time over sparse time (above 1: the sparse engine is faster).</summary>
    public double Speedup => DenseSeconds / SparseSeconds;

    /// <summary>The row as CSV (invariant culture, seconds to 3 decimals, speedup to 2).</summary>
    public string ToCsv() => string.Create(CultureInfo.InvariantCulture,
        $"{Mode},{Sentences},{DenseSeconds:F3},{SparseSeconds:F3},{Speedup:F2},{(Identical ? "yes" : "no")}");
}
