using System.Globalization;
using System.Text;
using NmSparse.Translation.IO;
using NmSparse.Translation.Study;
using NmSparse.Translation.Training;
using NmSparse.Vision.Training;

namespace NmSparse.Vision.Study;

/// <summary>
/// The vision part of `nmsparse report`: every vision run under the folders (run folders whose config.json names
/// task vit-fashion, plus the not yet started cells of vision sweeps), as vision-results.csv and a table in
/// report.md beside the translation study: recipe, N:M, seed, status, test and valid top-1 accuracy, valid loss,
/// training FLOPs relative to dense. One row per cell (a finished copy wins over an unfinished one); then the test
/// top-1 means over seeds and the claims of <see cref="VisionClaims"/>.
/// </summary>
public static class VisionReport
{
    private const string Header = "recipe,nm,seed,status,test_accuracy,valid_accuracy,valid_loss,flop_ratio,steps";

    public static IReadOnlyList<VisionStudyRun> Collect(IEnumerable<string> roots)
    {
        var runs = new List<VisionStudyRun>();
        foreach (string root in roots)
        {
            if (!Directory.Exists(root)) throw new UserInputException($"{root}: no such folder");
            runs.AddRange(RunCollector.RunFolders(root).Select(folder => new RunDirectory(folder))
                .Where(run => RunConfigFile.TaskOf(run) == VisionRunConfig.TaskName)
                .Select(VisionStudyRun.Read));
            if (SweepManifest.Load(root) is { Task: VisionRunConfig.TaskName } manifest)
            {
                runs.AddRange(StudyQueue.Order(manifest.Grid.Cells(), manifest.Grid)
                    .Select(c => VisionStudyRun.Read(c, new RunDirectory(Path.Combine(root, "runs", c.Name)))));
            }
        }
        return runs.OrderByDescending(r => r.Status == RunStatus.Done).DistinctBy(r => r.Cell)
            .OrderBy(r => r.Cell.Recipe, StringComparer.Ordinal).ThenBy(r => r.Cell.Sparsity).ThenBy(r => r.Cell.Seed)
            .ToList();
    }

    /// <summary>
    /// Writes vision-results.csv and the vision table into report.md: after the translation report written there
    /// just before (<paramref name="append"/>), or as the whole file.
    /// </summary>
    public static (string Csv, string Markdown) Write(IReadOnlyList<VisionStudyRun> runs, string outDir, bool append)
    {
        Directory.CreateDirectory(outDir);
        string csv = Path.Combine(outDir, "vision-results.csv");
        AtomicFile.WriteLines(csv, runs.Select(r => string.Join(',', Cells(r))).Prepend(Header));
        string markdown = Path.Combine(outDir, "report.md");
        string existing = append ? File.ReadAllText(markdown).TrimEnd() + "\n\n" : "# Recipe study\n\n";
        AtomicFile.WriteText(markdown, existing + Table(runs));
        return (csv, markdown);
    }

    /// <summary>The markdown section: one row per run.</summary>
    public static string Table(IReadOnlyList<VisionStudyRun> runs)
    {
        var md = new StringBuilder("## Vision: ViT on Fashion-MNIST (vit-fashion)\n\n");
        md.Append($"{runs.Count(r => r.Status == RunStatus.Done)} of {runs.Count} runs finished. Top-1 accuracy on ");
        md.Append("the 10,000 test images and the 5,000 valid images, training FLOPs relative to the same run dense.\n\n");
        md.Append("| recipe | N:M | seed | status | test top-1 % | valid top-1 % | valid loss | FLOPs vs dense |\n");
        md.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (var cells in runs.Select(Cells)) md.Append($"| {string.Join(" | ", cells.SkipLast(1))} |\n");
        var scores = runs.Select(VisionScore.Of).ToList();
        md.Append("\n### Test top-1 %, mean ± sample std over seeds (finished runs)\n\n");
        md.Append(VisionClaims.MeansTable(scores));
        md.Append("\n### Claims\n\n");
        foreach (var verdict in VisionClaims.Judge(scores)) md.Append(verdict.ToMarkdown()).Append('\n');
        return md.ToString();
    }

    private static string[] Cells(VisionStudyRun run)
    {
        var r = run.Result;
        string Number(double? value, string format) =>
            value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "";
        return
        [
            run.Cell.Recipe, run.Cell.PatternLabel, run.Cell.Seed.ToString(CultureInfo.InvariantCulture),
            run.Status.ToString().ToLowerInvariant(), Number(r?.TestAccuracy, "F2"), Number(r?.ValidAccuracy, "F2"),
            Number(r?.ValidLoss, "F3"), Number(r?.Flops.RatioToDense, "F3"),
            (r?.Steps ?? run.Config?.Training.Steps ?? 0).ToString(CultureInfo.InvariantCulture),
        ];
    }
}
