using System.CommandLine;
using NmSparse.Cli.Config;
using NmSparse.Cli.Progress;
using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Runtime;
using NmSparse.Translation.Study;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse sweep --preset study --recipes R1,R2 --nm 2:4,1:8 --seeds 2 --out sweeps/NAME [--set k=v]
/// [--iso-flops] [--jobs N] [--emit slurm|commands]`: trains the grid under sweeps/NAME/runs/CELL
/// (<see cref="SweepPlan"/>, <see cref="SweepRunner{TRun}"/>), skipping finished runs and resuming started ones, with a
/// live table; one run at a time in this process, or with --jobs N up to N at once, each in a child process
/// (<see cref="SweepChildProcesses"/>); or prints the unfinished runs as independent jobs. Exit code 1 when a run
/// failed (the others still ran), 130 when Ctrl+C or SIGTERM stopped the sweep (<see cref="SweepInterrupt"/>).
/// </summary>
internal static class SweepCommand
{
    public const int InterruptedExitCode = 130;

    public static Command Create(TextWriter stdout)
    {
        var flags = new SweepFlags();
        var command = new Command("sweep", "train a grid of recipes × N:M × seeds, resumable, with a live table");
        foreach (var option in flags.All) command.Options.Add(option);
        command.SetAction(parse =>
        {
            int jobs = parse.GetValue(flags.Jobs);
            if (jobs < 1) throw new UserInputException($"--jobs must be at least 1 (got {jobs})");
            string root = parse.GetValue(flags.Out)!;
            if (TaskNames.Resolve(parse.GetValue(flags.Task), null) == TaskNames.Vision)
                return VisionSweep.Run(parse, flags, root, stdout);
            var plan = Plan(parse, flags, root);
            return EmitOrTrain(plan, SweepPlan.InProcessLauncher(options => ForSession(parse, flags, options)),
                parse, flags, TaskNames.Translation, stdout);
        });
        return command;
    }

    /// <summary>
    /// With --emit, prints the plan's unfinished runs as jobs; else trains them (<see cref="SweepRunner{TRun}"/>)
    /// with a live table or plain lines: with <paramref name="inProcess"/> for one job, else in child processes.
    /// </summary>
    public static int EmitOrTrain<TRun>(ISweepPlan<TRun> plan, IRunLauncher inProcess, ParseResult parse,
        SweepFlags flags, string task, TextWriter stdout) where TRun : class, ISweepRun
    {
        string root = parse.GetValue(flags.Out)!;
        if (parse.GetValue(flags.Emit) is { } emit)
        {
            CheckEmit(emit);
            plan.Prepare();
            return Emit(root, plan.Runs().Where(r => r.Status != RunStatus.Done && !r.Diverged)
                .Select(r => r.Run.Root).ToList(), emit, ExtraArguments(parse, flags), stdout);
        }
        int jobs = parse.GetValue(flags.Jobs);
        var launcher = jobs == 1
            ? inProcess
            : new SweepChildProcesses(SweepChildCommand.ThisCli(), jobs,
                SweepChildCommand.Threads(parse.GetValue(flags.Threads), Environment.ProcessorCount, jobs),
                parse.GetValue(flags.Device));
        using var interrupt = new SweepInterrupt();
        SweepRunner<TRun>? runner = null;
        IReadOnlyList<TRun> Work(ISweepObserver observer)
        {
            runner = new SweepRunner<TRun>(plan, observer, launcher);
            return runner.Run(interrupt.Token);
        }
        bool plain = parse.GetValue(flags.Plain) || Console.IsOutputRedirected;
        var runs = plain ? RunPlain(Work, stdout) : SweepTableObserver.Run(task, Work);
        return Summary(runs, runner!.Elsewhere.Count, interrupt.Requested, root, stdout);
    }

    /// <summary>A run's options with this sweep's --device and --threads (they do not define the run).</summary>
    public static T ForSession<T>(ParseResult parse, SweepFlags flags, T options) where T : TrainerOptions =>
        (T)(options with
        {
            Device = parse.GetValue(flags.Device) ?? options.Device,
            Threads = parse.GetValue(flags.Threads) ?? options.Threads,
        });

    private static IReadOnlyList<TRun> RunPlain<TRun>(Func<ISweepObserver, IReadOnlyList<TRun>> work,
        TextWriter stdout)
    {
        using var observer = new PlainSweepObserver(stdout);
        return work(observer);
    }

    private static int Summary(IReadOnlyList<ISweepRun> runs, int elsewhere, bool interrupted, string root,
        TextWriter stdout)
    {
        int done = runs.Count(r => r.Status == RunStatus.Done);
        int failed = runs.Count(r => r.Status == RunStatus.Failed);
        if (interrupted)
        {
            stdout.WriteLine($"interrupted: {done} of {runs.Count} runs done, {failed} failed; the same command " +
                "resumes the others");
            return InterruptedExitCode;
        }
        string others = elsewhere > 0 ? $", {elsewhere} running elsewhere" : "";
        stdout.WriteLine($"{done} of {runs.Count} runs done, {failed} failed{others}; report: nmsparse report {root}");
        return failed == 0 ? 0 : 1;
    }

    private static SweepPlan Plan(ParseResult parse, SweepFlags flags, string root)
    {
        string preset = parse.GetValue(flags.Preset) ?? "study";
        var (config, manifest) = Configure(parse, flags, preset, TrainingPresets.Get(preset), TaskNames.Translation);
        string dataDir = TrainCommand.CorpusFolder(parse.GetValue(flags.Data), config.Training);
        return SweepPlan.Open(root, manifest, config.Training, config.Recipe, dataDir);
    }

    /// <summary>
    /// The preset with every --set override, and the manifest of the grid the flags give. A precision still "auto"
    /// takes the one the sweep already in --out resolved (if any), else this machine's
    /// (<see cref="PrecisionChoice"/>), and the manifest records it.
    /// </summary>
    public static (RunConfig<T> Config, SweepManifest Manifest) Configure<T>(ParseResult parse, SweepFlags flags,
        string preset, T options, string task) where T : TrainerOptions
    {
        var overrides = parse.GetValue(flags.Set) ?? [];
        var config = new RunConfig<T>(new RecipeSettings(), options);
        foreach (string assignment in overrides) config = RunConfigLoader.Set(config, assignment);
        if (config.Training.Precision == PrecisionChoice.Auto)
        {
            string? pinned = SweepManifest.Load(parse.GetValue(flags.Out)!)?.Precision;
            var device = ForSession(parse, flags, config.Training);
            config = config with
            {
                Training = (T)(config.Training with { Precision = pinned ?? PrecisionChoice.Resolve(device).Precision }),
            };
        }
        var grid = new StudyGrid(
            Split(parse.GetValue(flags.Recipes)!),
            Split(parse.GetValue(flags.Nm) ?? "").Select(NmPatternParser.Parse).ToList(),
            parse.GetValue(flags.Seeds));
        grid.Validate();
        return (config, new SweepManifest(grid, preset, overrides, parse.GetValue(flags.IsoFlops), task,
            config.Training.Precision));
    }

    /// <summary>The --device/--threads flags every emitted job passes on.</summary>
    public static string ExtraArguments(ParseResult parse, SweepFlags flags)
    {
        var extra = new List<string>();
        if (parse.GetValue(flags.Device) is { } device) extra.Add($"--device {device}");
        if (parse.GetValue(flags.Threads) is { } threads) extra.Add($"--threads {threads}");
        return string.Join(' ', extra);
    }

    public static void CheckEmit(string kind)
    {
        if (kind is not ("slurm" or "commands"))
            throw new UserInputException($"--emit: '{kind}' is not one of slurm, commands");
    }

    /// <summary>Prints the unfinished run folders of the sweep in <paramref name="root"/> as jobs.</summary>
    public static int Emit(string root, IReadOnlyList<string> folders, string kind, string extra, TextWriter stdout)
    {
        if (folders.Count == 0)
        {
            stdout.WriteLine($"# nothing to run: every run of {root} is done or diverged");
            return 0;
        }
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(root));
        stdout.Write(kind == "slurm"
            ? JobScript.Slurm(name, root, folders, extra)
            : JobScript.Commands(folders, extra));
        return 0;
    }

    public static List<string> Split(string list) =>
        list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
}
