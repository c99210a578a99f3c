using System.Globalization;

namespace NmSparse.Translation.Study;

/// <summary>Mean and sample standard deviation (n − 1; 0 for a single value) of a metric over seeds.</summary>
public readonly record struct SeedStats(double Mean, double Std, int N)
{
    public static SeedStats? Of(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0) return null;
        double mean = list.Average();
        double std = list.Count < 2 ? 0 : Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
        return new SeedStats(mean, std, list.Count);
    }

    /// <summary>E.g. "9.49 ± 0.12 (n=2)" with <paramref name="format"/> for both numbers.</summary>
    public string Format(string format = "F2") =>
        $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± " +
        $"{Std.ToString(format, CultureInfo.InvariantCulture)} (n={N})";
}
