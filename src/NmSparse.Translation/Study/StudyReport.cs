using NmSparse.Translation.IO;

namespace NmSparse.Translation.Study;

/// <summary>
/// `nmsparse report`: collects the runs under <paramref name="sources"/> (<see cref="RunCollector"/>) and writes
/// results.csv, report.md and the plots into the output folder.
/// </summary>
public static class StudyReport
{
    public sealed record Written(string Csv, string Markdown, int Runs, IReadOnlyList<ClaimVerdict> Claims);

    public static Written Write(IReadOnlyList<string> sources, string outDir)
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
        AtomicFile.WriteText(markdown, ReportMarkdown.Write(runs, claims, plots, sources));
        return new Written(csv, markdown, runs.All.Count, claims);
    }
}
