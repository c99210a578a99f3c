using System.Globalization;
using NmSparse.Masks;

namespace NmSparse.Kernels;

/// <summary>
/// One measured configuration of <see cref="KernelBenchmark"/>: median milliseconds of libtorch's dense linear and
/// of <see cref="NmSparseLinear"/> for the same product.
/// </summary>
public sealed record KernelBenchmarkRow(NmPattern Pattern, int InFeatures, int OutFeatures, int Batch,
    double DenseMs, double SparseMs)
{
    /// <summary>The CSV header matching <see cref="ToCsv"/>.</summary>
    public const string CsvHeader = "nm,d_in,d_out,batch,dense_ms,sparse_ms,speedup";

    /// <summary>Dense time over sparse time (above 1: the sparse kernel is faster).</summary>
    public double Speedup => DenseMs / SparseMs;

    /// <summary>The row as CSV (invariant culture, milliseconds to 4 decimals, speedup to 2).</summary>
    public string ToCsv() => string.Create(CultureInfo.InvariantCulture,
        $"{Pattern},{InFeatures},{OutFeatures},{Batch},{DenseMs:F4},{SparseMs:F4},{Speedup:F2}");
}
