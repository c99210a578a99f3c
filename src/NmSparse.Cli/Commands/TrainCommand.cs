using System.CommandLine;
using NmSparse.Cli.Config;
using NmSparse.Cli.Progress;
using NmSparse.Recipes;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse train --preset quick --recipe NAME --nm N:M [--config FILE.yaml] --out runs/NAME [--seed S]
/// [--resume]`. Settings apply in this order: preset, config file, explicit flags, --set key=value.
/// </summary>
internal static class TrainCommand
{
    private static readonly string[] CorpusFiles = ["spm.model", "train.en", "train.de", "valid.en", "test.en"];

    public static Command Create(TextWriter stdout)
    {
        var flags = new TrainFlags();
        var command = new Command("train", "train the translation Transformer with a sparse recipe");
        foreach (var option in flags.All) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var run = new RunDirectory(parse.GetValue(flags.Out)!);
            bool resuming = parse.GetValue(flags.Resume);
            var saved = resuming ? Resumed(parse, flags, run) : Configure(parse, flags, run);
            // Where and how fast it runs may change between sessions of one run.
            var training = saved.Training;
            if (parse.GetValue(flags.Device) is { } device) training = training with { Device = device };
            if (parse.GetValue(flags.Threads) is { } threads) training = training with { Threads = threads };
            saved = saved with { Training = training };
            bool plain = parse.GetValue(flags.Plain) || Console.IsOutputRedirected;
            return Train(saved, run, resuming, parse.GetValue(flags.PauseAt), plain, stdout);
        });
        return command;
    }

    private static SavedRunConfig Resumed(ParseResult parse, TrainFlags flags, RunDirectory run)
    {
        if (!File.Exists(run.Config))
            throw new UserInputException($"--resume: {run.Config} not found; start the run without --resume");
        foreach (var option in flags.Defining)
        {
            if (parse.GetResult(option) is { Implicit: false })
                throw new UserInputException($"--resume continues {run.Config} as saved; do not pass {option.Name}");
        }
        return SavedRunConfig.Load(run);
    }

    private static SavedRunConfig Configure(ParseResult parse, TrainFlags flags, RunDirectory run)
    {
        if (run.HoldsRun)
            throw new UserInputException(
                $"{run.Root} already holds a run; pass --resume to continue it or choose another --out");
        var config = new RunConfig(new RecipeSettings(), TrainingPresets.Get(parse.GetValue(flags.Preset)!));
        if (parse.GetValue(flags.Config) is { } file) config = RunConfigLoader.Apply(config, file);
        var (recipe, training) = (config.Recipe, config.Training);
        if (parse.GetValue(flags.Recipe) is { } name) recipe = recipe with { Recipe = name };
        if (parse.GetValue(flags.Nm) is { } nm) recipe = recipe with { Pattern = NmPatternParser.Parse(nm) };
        if (parse.GetValue(flags.Seed) is { } seed) training = training with { Seed = seed };
        if (parse.GetValue(flags.Steps) is { } steps) training = training with { Steps = steps };
        config = new RunConfig(recipe, training);
        foreach (var assignment in parse.GetValue(flags.Set) ?? []) config = RunConfigLoader.Set(config, assignment);
        config.Training.Validate();
        var phased = config.Training.WithPhases(config.Recipe);
        phased.Validate();
        return new SavedRunConfig(config.Training, phased, CorpusFolder(parse.GetValue(flags.Data)!));
    }

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

    private static int Train(SavedRunConfig saved, RunDirectory run, bool resuming, long? pauseAt, bool plain,
        TextWriter stdout)
    {
        if (resuming && File.Exists(run.Result))
        {
            // Rerunning a finished run's command (a sweep's emitted job) does nothing.
            stdout.WriteLine($"{run.Root} is finished ({run.Result}); nothing to do");
            return 0;
        }
        // A run killed before its first checkpoint restarts from step 0 with its saved config.
        resuming &= File.Exists(run.LastCheckpoint);
        saved.Prepare(run);
        var request = new TrainingRequest(saved.DataDir, run, saved.Training, saved.Recipe, resuming, pauseAt);
        // A diverged run (TrainingDivergedException) is reported by Program with exit code 3.
        var result = plain
            ? new TranslationTrainer(request, new PlainTrainingObserver(stdout)).Run()
            : LiveTrainingObserver.Run(observer => new TranslationTrainer(request, observer).Run());
        if (result is not null) ResultPrinter.Print(result, run, stdout);
        return 0;
    }
}
