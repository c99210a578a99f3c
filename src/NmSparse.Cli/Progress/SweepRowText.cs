using System.Globalization;
using NmSparse.Cli.Commands;
using NmSparse.Translation.Study;
using NmSparse.Translation.Training;
using NmSparse.Vision.Training;

namespace NmSparse.Cli.Progress;

/// <summary>
/// The columns of one sweep table line: run, status, step, the task's two scores (translation: test BLEU and valid
/// perplexity; vision: test top-1 accuracy and valid loss), training FLOPs.
/// </summary>
internal static class SweepRowText
{
    /// <summary>The column headers of a sweep of <paramref name="task"/>.</summary>
    public static string[] Headers(string task) => task == TaskNames.Vision
        ? ["run", "status", "step", "top-1 %", "valid loss", "FLOPs (× dense)"]
        : ["run", "status", "step", "BLEU", "ppl", "FLOPs (× dense)"];

    public static string[] Columns(SweepRow row)
    {
        string status = row.Status.ToString().ToLowerInvariant();
        if (row.Message is { } message) status += $": {message}";
        return [row.Cell.Name, status, $"{row.Step}/{row.Steps}", .. Scores(row.Result)];
    }

    private static string[] Scores(TrainedRunResult? result) => result switch
    {
        RunResult r => [Number(r.TestBleu, "F2"), Number(r.ValidPerplexity, "F1"),
            Flops(r.TrainingFlops, r.FlopRatioToDense)],
        VisionRunResult v => [Number(v.TestAccuracy, "F2"), Number(v.ValidLoss, "F3"),
            Flops(v.Flops.Total, v.Flops.RatioToDense)],
        _ => ["", "", ""],
    };

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Flops(long total, double ratio) =>
        string.Create(CultureInfo.InvariantCulture, $"{total:E3} ({ratio:F3})");

    public static string Eta(TimeSpan? eta) =>
        eta is { } t ? $"sweep ETA {(long)t.TotalHours:D2}:{t.Minutes:D2}:{t.Seconds:D2}" : "sweep ETA unknown";
}
