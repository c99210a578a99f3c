using System.Globalization;

namespace NmSparse.Translation.Study;

/// <summary>
/// The score claims compare, for one task: its name and unit in the report's words ("BLEU" in BLEU, "top-1" in
/// points, "point" for exactly one) and how to read it from a run on the test and the valid set (null for an
/// unfinished run).
/// </summary>
public sealed record ClaimMetric<TRun>(string Name, string Unit, Func<TRun, double?> Test, Func<TRun, double?> Valid,
    string? UnitOfOne = null)
{
    /// <summary>E.g. "1 point", "0.5 points", "+1.20 BLEU": <paramref name="value"/> in <paramref name="format"/> and
    /// the unit.</summary>
    public string Amount(double value, string format)
    {
        string number = value.ToString(format, CultureInfo.InvariantCulture);
        return $"{number} {(number is "1" or "1.0" ? UnitOfOne ?? Unit : Unit)}";
    }
}
