using System.Globalization;
using System.Text;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// report.md: run counts, the regime check, paper-style tables (recipe × N:M, mean ± sample std over seeds with n)
/// of test BLEU, valid BLEU, valid perplexity and training FLOPs relative to dense, the claims with their computed
/// verdicts, the tuning runs of the defaults when there are any (<see cref="TuningSection"/>), every run of the study with its status (nothing dropped) and the plots.
/// </summary>
public static class ReportMarkdown
{
    public static string Write(StudyRuns runs, IReadOnlyList<ClaimVerdict> claims,
        IReadOnlyList<(string File, string Caption)> plots, IReadOnlyList<string> sources, string? tuning = null)
    {
        var md = new StringBuilder();
        md.Append("# Recipe study\n\n");
        md.Append($"Runs from {string.Join(", ", sources.Select(s => $"`{s}`"))}: {Counts(runs)}. Test BLEU on the ");
        md.Append("test split, valid BLEU and perplexity on the whole valid split (greedy); mean ± sample std over ");
        md.Append("seeds, n = finished runs.\n\n");
        md.Append($"{claims[0].ToMarkdown()}\n\n");
        Table(md, runs, "Test BLEU", r => r.TestBleu, "F2");
        Table(md, runs, "Valid BLEU", r => r.ValidBleu, "F2");
        Table(md, runs, "Valid perplexity", r => r.ValidPerplexity, "F1");
        Table(md, runs, "Training FLOPs relative to dense", r => r.FlopRatioToDense, "F3");
        md.Append("## Claims\n\n");
        foreach (var claim in claims.Skip(1)) md.Append(claim.ToMarkdown()).Append('\n');
        md.Append('\n');
        if (tuning is not null) md.Append(tuning);
        Runs(md, runs);
        if (plots.Count > 0)
        {
            md.Append("## Plots\n\n");
            foreach (var (file, caption) in plots) md.Append($"![{caption}]({file})\n\n");
        }
        return md.ToString();
    }

    private static string Counts(StudyRuns runs)
    {
        var counts = runs.All.GroupBy(r => r.Status).OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        return $"{runs.All.Count} runs ({string.Join(", ", counts)})";
    }

    private static void Table(StringBuilder md, StudyRuns runs, string title, Func<RunResult, double> metric,
        string format)
    {
        md.Append($"## {title}\n\n");
        md.Append(SeedMeansTable.Write(runs, r => r.Result is { } result ? metric(result) : null, format)).Append('\n');
    }

    private static void Runs(StringBuilder md, StudyRuns runs)
    {
        md.Append("## Runs\n\n| run | status | steps | test BLEU | valid BLEU | valid ppl | training FLOPs | ");
        md.Append("vs dense | wall time | folder / note |\n|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var run in runs.All)
        {
            var r = run.Result;
            string note = run.Message is null ? run.Run.Root : $"{run.Run.Root}: {run.Message.ReplaceLineEndings(" ")}";
            long? steps = r?.Steps ?? run.Config?.Training.Steps;
            md.Append(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Cell.Name} | {run.Status.ToString().ToLowerInvariant()} | {steps} | " +
                $"{r?.TestBleu:F2} | {r?.ValidBleu:F2} | {r?.ValidPerplexity:F1} | {r?.TrainingFlops:E3} | " +
                $"{r?.FlopRatioToDense:F3} | {Wall(run.WallSeconds)} | {note.Replace("|", "\\|")} |\n"));
        }
        md.Append('\n');
    }

    private static string Wall(double? seconds) =>
        seconds is { } s ? TimeSpan.FromSeconds(Math.Round(s)).ToString("c", CultureInfo.InvariantCulture) : "";
}
