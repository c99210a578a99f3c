using System.CommandLine;
using NmSparse.Cli.Config;
using NmSparse.Cli.Progress;
using NmSparse.Recipes;
using NmSparse.Translation.Training;
using NmSparse.Vision.Training;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse train [--task translation|vit-fashion] --preset quick --recipe NAME --nm N:M [--config FILE.yaml]
/// --out runs/NAME [--seed S] [--resume]`. Settings apply in this order: preset, config file, explicit flags,
/// --set key=value. Both tasks share every flag; --resume continues the run's own task.
/// </summary>
internal static class TrainCommand
{
    private static readonly string[] CorpusFiles = ["spm.model", "train.en", "train.de", "valid.en", "test.en"];

    public static Command Create(TextWriter stdout)
    {
        var flags = new TrainFlags();
        var command = new Command("train", "train the translation Transformer or the vision ViT with a sparse recipe");
        foreach (var option in flags.All) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var run = new RunDirectory(parse.GetValue(flags.Out)!);
            bool resuming = parse.GetValue(flags.Resume);
            string task = TaskNames.Resolve(parse.GetValue(flags.Task), resuming ? run : null);
            if (resuming) CheckResumable(parse, flags, run);
            else if (run.HoldsRun)
                throw new UserInputException(
                    $"{run.Root} already holds a run; pass --resume to continue it or choose another --out");
            if (resuming && File.Exists(run.Result))
            {
                // Rerunning a finished run's command (a sweep's emitted job) does nothing.
                stdout.WriteLine($"{run.Root} is finished ({run.Result}); nothing to do");
                return 0;
            }
            bool plain = parse.GetValue(flags.Plain) || Console.IsOutputRedirected;
            return task == TaskNames.Vision
                ? TrainVision(parse, flags, run, resuming, plain, stdout)
                : TrainTranslation(parse, flags, run, resuming, plain, stdout);
        });
        return command;
    }

    private static int TrainTranslation(ParseResult parse, TrainFlags flags, RunDirectory run, bool resuming,
        bool plain, TextWriter stdout)
    {
        SavedRunConfig saved;
        if (resuming)
        {
            saved = SavedRunConfig.Load(run);
        }
        else
        {
            var (training, recipe) = Configure(parse, flags, TrainingPresets.Get(parse.GetValue(flags.Preset)!));
            saved = new SavedRunConfig(training, recipe, CorpusFolder(parse.GetValue(flags.Data) ?? "data/en-de"));
        }
        saved = saved with { Training = ForThisSession(parse, flags, saved.Training) };
        // A run killed before its first checkpoint restarts from step 0 with its saved config.
        resuming &= File.Exists(run.LastCheckpoint);
        saved.Prepare(run);
        var request = new TrainingRequest(saved.DataDir, run, saved.Training, saved.Recipe, resuming,
            parse.GetValue(flags.PauseAt));
        // A diverged run (TrainingDivergedException) is reported by Program with exit code 3.
        var result = Observe(plain, stdout, observer => new TranslationTrainer(request, observer).Run());
        if (result is not null) ResultPrinter.Print(result, run, stdout);
        return 0;
    }

    private static int TrainVision(ParseResult parse, TrainFlags flags, RunDirectory run, bool resuming, bool plain,
        TextWriter stdout)
    {
        VisionRunConfig saved;
        if (resuming)
        {
            saved = VisionRunConfig.Load(run);
        }
        else
        {
            var (training, recipe) = Configure(parse, flags, VisionPresets.Get(parse.GetValue(flags.Preset)!));
            saved = new VisionRunConfig(training, recipe, Path.GetFullPath(parse.GetValue(flags.Data) ??
                "data/fashion-mnist"));
        }
        saved = saved with { Training = ForThisSession(parse, flags, saved.Training) };
        resuming &= File.Exists(run.LastCheckpoint);
        saved.Prepare(run);
        var request = new VisionTrainingRequest(saved.DataDir, run, saved.Training, saved.Recipe, resuming,
            parse.GetValue(flags.PauseAt));
        var result = Observe(plain, stdout, observer => new VisionTrainer(request, observer).Run());
        if (result is not null) ResultPrinter.Print(result, run, stdout);
        return 0;
    }

    private static void CheckResumable(ParseResult parse, TrainFlags flags, RunDirectory run)
    {
        if (!File.Exists(run.Config))
            throw new UserInputException($"--resume: {run.Config} not found; start the run without --resume");
        foreach (var option in flags.Defining)
        {
            if (parse.GetResult(option) is { Implicit: false })
                throw new UserInputException($"--resume continues {run.Config} as saved; do not pass {option.Name}");
        }
    }

    /// <summary>The preset, then the config file, explicit flags and --set; validated, with the recipe's phases.</summary>
    private static (T Training, RecipeSettings Recipe) Configure<T>(ParseResult parse, TrainFlags flags, T preset)
        where T : TrainerOptions
    {
        var config = new RunConfig<T>(new RecipeSettings(), preset);
        if (parse.GetValue(flags.Config) is { } file) config = RunConfigLoader.Apply(config, file);
        var (recipe, training) = (config.Recipe, config.Training);
        if (parse.GetValue(flags.Recipe) is { } name) recipe = recipe with { Recipe = name };
        if (parse.GetValue(flags.Nm) is { } nm) recipe = recipe with { Pattern = NmPatternParser.Parse(nm) };
        if (parse.GetValue(flags.Seed) is { } seed) training = (T)(training with { Seed = seed });
        if (parse.GetValue(flags.Steps) is { } steps) training = (T)(training with { Steps = steps });
        config = new RunConfig<T>(recipe, training);
        foreach (var assignment in parse.GetValue(flags.Set) ?? []) config = RunConfigLoader.Set(config, assignment);
        config.Training.Validate();
        var phased = config.Training.WithPhases(config.Recipe);
        phased.Validate();
        return (config.Training, phased);
    }

    /// <summary>Where and how fast it runs may change between sessions of one run.</summary>
    private static T ForThisSession<T>(ParseResult parse, TrainFlags flags, T training) where T : TrainerOptions
    {
        if (parse.GetValue(flags.Device) is { } device) training = (T)(training with { Device = device });
        if (parse.GetValue(flags.Threads) is { } threads) training = (T)(training with { Threads = threads });
        return training;
    }

    private static T? Observe<T>(bool plain, TextWriter stdout, Func<ITrainingObserver, T?> train) where T : class =>
        plain ? train(new PlainTrainingObserver(stdout)) : LiveTrainingObserver.Run(train);

    /// <summary>The absolute corpus folder, or a one-line error naming the first corpus file it lacks.</summary>
    public static string CorpusFolder(string dataArgument)
    {
        string dataDir = Path.GetFullPath(dataArgument);
        foreach (string needed in CorpusFiles)
        {
            string path = Path.Combine(dataDir, needed);
            if (!File.Exists(path))
                throw new UserInputException(
                    $"{path} not found; build the corpus first: nmsparse data --out {dataArgument}");
        }
        return dataDir;
    }
}
