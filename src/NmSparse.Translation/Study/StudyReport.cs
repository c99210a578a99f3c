using NmSparse.Translation.IO;

namespace NmSparse.Translation.Study;

/// <summary>
/// `nmsparse report`: collects the runs under <paramref name="sources"/> (<see cref="RunCollector"/>) and writes
/// results.csv, report.md and the plots into the output folder; runs under tuning folders add report.md's tuning
/// section.
/// </summary>
public static class StudyReport
{
    public sealed record Written(string Csv, string Markdown, int Runs, IReadOnlyList<ClaimVerdict> Claims);

    public static Written Write(IReadOnlyList<string> sources, string outDir) => Write(sources, [], outDir);

    /// <summary>The same with the runs under <paramref name="tuningSources"/> in report.md's tuning section
    /// (<see cref="TuningSection"/>; none when the list is empty).</summary>
    public static Written Write(IReadOnlyList<string> sources, IReadOnlyList<string> tuningSources, string outDir)
    {
        var runs = new StudyRuns(RunCollector.Collect(sources));
        if (runs.All.Count == 0)
            throw new UserInputException($"no runs (folders with config.json) under {string.Join(", ", sources)}");
        Directory.CreateDirectory(outDir);
        string csv = Path.Combine(outDir, "results.csv");
        AtomicFile.WriteText(csv, ResultsCsv.Write(runs.All));
        var claims = StudyClaims.Judge(runs);
        var plots = ReportPlots.Write(runs, outDir);
        string markdown = Path.Combine(outDir, "report.md");
        string? tuning = tuningSources.Count == 0
            ? null
            : TuningSection.Write(TuningSection.Collect(tuningSources), runs, tuningSources);
        AtomicFile.WriteText(markdown, ReportMarkdown.Write(runs, claims, plots, sources, tuning));
        return new Written(csv, markdown, runs.All.Count, claims);
    }
}
