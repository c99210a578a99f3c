using System.Globalization;
using NmSparse.Translation.Study;

namespace NmSparse.Cli.Progress;

/// <summary>The columns of one sweep table line: run, status, step, test BLEU, valid ppl, training FLOPs.</summary>
internal static class SweepRowText
{
    public static readonly string[] Headers = ["run", "status", "step", "BLEU", "ppl", "FLOPs (× dense)"];

    public static string[] Columns(SweepRow row)
    {
        var r = row.Result;
        string status = row.Status.ToString().ToLowerInvariant();
        if (row.Message is { } message) status += $": {message}";
        return
        [
            row.Cell.Name, status, $"{row.Step}/{row.Steps}",
            r is null ? "" : r.TestBleu.ToString("F2", CultureInfo.InvariantCulture),
            r is null ? "" : r.ValidPerplexity.ToString("F1", CultureInfo.InvariantCulture),
            r is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $"{r.TrainingFlops:E3} ({r.FlopRatioToDense:F3})"),
        ];
    }

    public static string Eta(TimeSpan? eta) =>
        eta is { } t ? $"sweep ETA {(long)t.TotalHours:D2}:{t.Minutes:D2}:{t.Seconds:D2}" : "sweep ETA unknown";
}
