using System.CommandLine;
using NmSparse.Translation.Study;
using NmSparse.Vision.Study;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse report DIR... [--out OUT]`: merges the run folders under the DIRs (a sweep folder, copies of runs
/// trained elsewhere) and writes results.csv, report.md and PNG plots (<see cref="StudyReport"/>) into OUT
/// (default: DIR/report of the first DIR), then prints each claim's verdict; vision runs under the DIRs add
/// vision-results.csv and their table in report.md (<see cref="VisionReport"/>).
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter stdout)
    {
        var folders = new Argument<string[]>("DIR")
        {
            Description = "sweep folder(s) or any folders holding run folders", Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out") { Description = "report folder (default: DIR/report)" };
        var command = new Command("report", "results.csv, report.md and plots of a recipe study");
        command.Arguments.Add(folders);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var sources = parse.GetRequiredValue(folders);
            string outDir = parse.GetValue(output) ?? Path.Combine(sources[0], "report");
            var vision = VisionReport.Collect(sources);
            bool translation = vision.Count == 0 || RunCollector.Collect(sources).Count > 0;
            if (translation)
            {
                var written = StudyReport.Write(sources, outDir);
                stdout.WriteLine($"{written.Runs} runs: {written.Csv}, {written.Markdown}");
                foreach (var claim in written.Claims) stdout.WriteLine($"{claim.VerdictText}: {claim.Claim}");
            }
            if (vision.Count > 0)
            {
                var (csv, markdown) = VisionReport.Write(vision, outDir, append: translation);
                stdout.WriteLine($"{vision.Count} vision runs: {csv}, {markdown}");
            }
            return 0;
        });
        return command;
    }
}
