using System.CommandLine;
using NmSparse.Translation.Study;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse report DIR... [--out OUT]`: merges the run folders under the DIRs (a sweep folder, copies of runs
/// trained elsewhere) and writes results.csv, report.md and PNG plots (<see cref="StudyReport"/>) into OUT
/// (default: DIR/report of the first DIR), then prints each claim's verdict.
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
            var written = StudyReport.Write(sources, outDir);
            stdout.WriteLine($"{written.Runs} runs: {written.Csv}, {written.Markdown}");
            foreach (var claim in written.Claims) stdout.WriteLine($"{claim.VerdictText}: {claim.Claim}");
            return 0;
        });
        return command;
    }
}
