using System.CommandLine;
using NmSparse;
using NmSparse.Cli.Commands;
using NmSparse.Translation.Runtime;
using NmSparse.Translation.Training;

namespace NmSparse.Cli;

public static class Program
{
    /// <summary>Exit code of a training run stopped by a non-finite loss, gradient or weight.</summary>
    public const int DivergedExitCode = 3;

    /// <summary>Exit code of a parse error or a user error (a bad flag, key, file or value).</summary>
    public const int UserErrorExitCode = 2;

    public static int Main(string[] args)
    {
        TorchRuntime.Configure();
        return Run(args, Console.Out, Console.Error);
    }

    /// <summary>Runs the CLI in-process (tests call this); parse errors and user errors exit with 2.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("nmsparse: train N:M structured-sparse networks and measure what they cost");
        root.Subcommands.Add(ScheduleCommand.Create(stdout));
        root.Subcommands.Add(DataCommand.Create(stdout));
        root.Subcommands.Add(BleuCommand.Create(stdout));
        root.Subcommands.Add(TrainCommand.Create(stdout));
        root.Subcommands.Add(EvalCommand.Create(stdout));
        root.Subcommands.Add(TranslateCommand.Create(stdout));
        root.Subcommands.Add(SweepCommand.Create(stdout));
        root.Subcommands.Add(ReportCommand.Create(stdout));
        root.Subcommands.Add(PruneCommand.Create(stdout));
        root.Subcommands.Add(ExportCommand.Create(stdout));
        var bench = new Command("bench", "benchmarks: training step, N:M kernels, decoding");
        bench.Subcommands.Add(BenchStepCommand.Create(stdout));
        bench.Subcommands.Add(BenchKernelsCommand.Create(stdout));
        bench.Subcommands.Add(BenchTranslateCommand.Create(stdout));
        root.Subcommands.Add(bench);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine($"nmsparse: error: {parsed.Errors[0].Message}");
            return UserErrorExitCode;
        }
        try
        {
            var invocation = new InvocationConfiguration
            {
                Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false,
            };
            return parsed.Invoke(invocation);
        }
        catch (UserInputException e)
        {
            // Library errors name settings (RecipeSettings.Alpha); the user sees this command's flag or key.
            stderr.WriteLine($"nmsparse: error: {SettingNames.Rewrite(e.Message, parsed.CommandResult.Command)}");
            return UserErrorExitCode;
        }
        catch (TrainingDivergedException e)
        {
            stderr.WriteLine($"nmsparse: training diverged: {e.Message}");
            return DivergedExitCode;
        }
    }
}
