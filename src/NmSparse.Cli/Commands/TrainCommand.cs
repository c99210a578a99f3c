using System.CommandLine;
using NmSparse.Cli.Config;
using NmSparse.Cli.Progress;
using NmSparse.Recipes;
using NmSparse.Translation.Data;
using NmSparse.Translation.Runtime;
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
            // A run killed before its first checkpoint restarts from step 0 with its saved config.
            var session = new Session(run, resuming && File.Exists(run.LastCheckpoint), parse.GetValue(flags.PauseAt),
                parse.GetValue(flags.Plain) || Console.IsOutputRedirected, stdout);
            return task == TaskNames.Vision
                ? TrainVision(parse, flags, resuming, session)
                : TrainTranslation(parse, flags, resuming, session);
        });
        return command;
    }

    /// <summary>How this invocation trains: the run folder, whether from a checkpoint, the pause step, output.</summary>
    private sealed record Session(RunDirectory Run, bool FromCheckpoint, long? PauseAt, bool Plain, TextWriter Out)
    {
        /// <summary>
        /// Trains with a plain or live observer, after the <see cref="RunBanner"/> line of <paramref name="task"/>
        /// (resuming from the checkpoint's step, if any); prints the result of a finished run.
        /// </summary>
        public int Train<T>(string task, TrainerOptions options, RecipeSettings recipe, bool defaultRecipe,
            Func<ITrainingObserver, T?> train, Action<T, RunDirectory, TextWriter> print) where T : class
        {
            long? resumeStep = FromCheckpoint ? CheckpointHeader.Peek(Run.LastCheckpoint).NextStep : null;
            string banner = RunBanner.Line(task, options, recipe, Run.Root, defaultRecipe, resumeStep);
            T? Announced(ITrainingObserver observer)
            {
                observer.OnMessage(banner);
                return train(observer);
            }
            // A diverged run (TrainingDivergedException) is reported by Program with exit code 3.
            var result = Plain ? Announced(new PlainTrainingObserver(Out)) : LiveTrainingObserver.Run(Announced);
            if (result is not null) print(result, Run, Out);
            return 0;
        }
    }

    private static int TrainTranslation(ParseResult parse, TrainFlags flags, bool resuming, Session session)
    {
        bool defaultRecipe = false;
        var saved = resuming ? SavedRunConfig.Load(session.Run) : NewTranslationRun(parse, flags, out defaultRecipe);
        saved = saved with { Training = ForThisSession(parse, flags, saved.Training) };
        saved.Prepare(session.Run);
        var request = new TrainingRequest(saved.DataDir, session.Run, saved.Training, saved.Recipe,
            session.FromCheckpoint, session.PauseAt);
        return session.Train(TaskNames.Translation, saved.Training, saved.Recipe, defaultRecipe,
            observer => new TranslationTrainer(request, observer).Run(), ResultPrinter.Print);
    }

    private static SavedRunConfig NewTranslationRun(ParseResult parse, TrainFlags flags, out bool defaultRecipe)
    {
        var (training, recipe) = Configure(parse, flags, TrainingPresets.Get(parse.GetValue(flags.Preset)!),
            out defaultRecipe);
        return new SavedRunConfig(training, recipe, CorpusFolder(parse.GetValue(flags.Data), training));
    }

    private static int TrainVision(ParseResult parse, TrainFlags flags, bool resuming, Session session)
    {
        bool defaultRecipe = false;
        var saved = resuming ? VisionRunConfig.Load(session.Run) : NewVisionRun(parse, flags, out defaultRecipe);
        var training = ForThisSession(parse, flags, saved.Training);
        new VisionRunConfig(training, saved.Recipe, saved.DataDir).Prepare(session.Run);
        var request = new VisionTrainingRequest(saved.DataDir, session.Run, training, saved.Recipe,
            session.FromCheckpoint, session.PauseAt);
        return session.Train(TaskNames.Vision, training, saved.Recipe, defaultRecipe,
            observer => new VisionTrainer(request, observer).Run(), ResultPrinter.Print);
    }

    private static VisionRunConfig NewVisionRun(ParseResult parse, TrainFlags flags, out bool defaultRecipe)
    {
        var (training, recipe) = Configure(parse, flags, VisionPresets.Get(parse.GetValue(flags.Preset)!),
            out defaultRecipe);
        return new VisionRunConfig(training, recipe, Path.GetFullPath(parse.GetValue(flags.Data) ?? "data/fashion-mnist"));
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

    /// <summary>
    /// The preset, then the config file, explicit flags and --set; validated, with the recipe's phases.
    /// <paramref name="defaultRecipe"/>: no --recipe, no --set recipe=… and the recipe still the default one.
    /// </summary>
    private static (T Training, RecipeSettings Recipe) Configure<T>(ParseResult parse, TrainFlags flags, T preset,
        out bool defaultRecipe) where T : TrainerOptions
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
        config = config with { Training = PrecisionChoice.Resolve(config.Training) };
        defaultRecipe = parse.GetValue(flags.Recipe) is null && config.Recipe.Recipe == new RecipeSettings().Recipe
            && !(parse.GetValue(flags.Set) ?? []).Any(a => a.Split('=')[0].Trim() == "recipe");
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

    /// <summary>
    /// The absolute corpus folder (without --data: the options' <see cref="TrainingOptions.DefaultDataFolder"/>), or a
    /// one-line error naming the first corpus file it lacks and the command that builds it, or a tokenizer of another
    /// size than the options' subword_vocab (checked here, before a run folder is written, so the failed command
    /// leaves nothing behind).
    /// </summary>
    public static string CorpusFolder(string? dataArgument, TrainingOptions training)
    {
        dataArgument ??= training.DefaultDataFolder();
        string dataDir = Path.GetFullPath(dataArgument);
        foreach (string needed in CorpusFiles)
        {
            string path = Path.Combine(dataDir, needed);
            if (!File.Exists(path))
                throw new UserInputException(
                    $"{path} not found; build the corpus first: nmsparse data --out {dataArgument}" +
                    (training.SubwordVocab is { } vocab ? $" --vocab-size {vocab}" : ""));
        }
        if (training.SubwordVocab is not null)
            training.CheckSubwordVocab(SubwordTokenizer.Load(Path.Combine(dataDir, "spm.model")).VocabSize, dataDir);
        return dataDir;
    }
}
