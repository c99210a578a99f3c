using System.CommandLine;
using NmSparse.Translation.Study;
using NmSparse.Vision.Study;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse report DIR... [--out OUT] [--tuning TDIR]...`: merges the run folders under the DIRs (a sweep folder, copies of runs
/// trained elsewhere) and writes results.csv, report.md and PNG plots (<see cref="StudyReport"/>) into OUT
/// (default: DIR/report of the first DIR), then prints each claim's verdict; vision runs under the DIRs add
/// vision-results.csv and their table in report.md (<see cref="VisionReport"/>); the runs under each TDIR, one row
/// per folder, make report.md's section on the defaults tuned on the valid set (<see cref="TuningSection"/>).
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
        var tuning = new Option<string[]>("--tuning")
        {
            Description = "folder of runs that tuned the defaults on the valid set (repeatable): a table in report.md",
            Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("report", "results.csv, report.md and plots of a recipe study");
        command.Arguments.Add(folders);
        command.Options.Add(output);
        command.Options.Add(tuning);
        command.SetAction(parse =>
        {
            var sources = parse.GetRequiredValue(folders);
            string outDir = parse.GetValue(output) ?? Path.Combine(sources[0], "report");
            var vision = VisionReport.Collect(sources);
            bool translation = vision.Count == 0 || RunCollector.Collect(sources).Count > 0;
            if (translation)
            {
                var written = StudyReport.Write(sources, parse.GetValue(tuning) ?? [], outDir);
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
