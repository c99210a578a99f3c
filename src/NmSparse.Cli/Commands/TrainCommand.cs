using System.CommandLine;
using NmSparse.Cli.Config;
using NmSparse.Cli.Progress;
using NmSparse.Recipes;
using NmSparse.Training;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse train --preset quick --recipe NAME --nm N:M [--config FILE.yaml] --out runs/NAME [--seed S] [--resume]`.
/// Settings apply in this order: preset, config file, explicit flags, --set key=value.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(TextWriter stdout)
    {
        var preset = new Option<string>("--preset") { Description = "tiny | quick | study | base", DefaultValueFactory = _ => "quick" };
        var recipe = new Option<string?>("--recipe") { Description = $"one of: {string.Join(", ", RecipeRegistry.Names)}" };
        var nm = new Option<string?>("--nm") { Description = "target N:M, e.g. 2:4" };
        var config = new Option<string?>("--config") { Description = "recipe config (YAML)" };
        var output = new Option<string>("--out") { Description = "run folder", Required = true };
        var data = new Option<string>("--data") { Description = "corpus folder (nmsparse data)", DefaultValueFactory = _ => "data/en-de" };
        var seed = new Option<int?>("--seed") { Description = "random seed" };
        var steps = new Option<long?>("--steps") { Description = "override the preset's number of steps" };
        var device = new Option<string?>("--device") { Description = "auto | cpu | cuda" };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads (default: one per core)" };
        var resume = new Option<bool>("--resume") { Description = "continue the run in --out from its last checkpoint" };
        var set = new Option<string[]>("--set") { Description = "key=value override (repeatable)", AllowMultipleArgumentsPerToken = false };
        var plain = new Option<bool>("--plain") { Description = "plain progress lines instead of a live bar" };
        var pause = new Option<long?>("--pause-at") { Description = "stop after this many steps (checkpointed); --resume continues" };
        var command = new Command("train", "train the translation Transformer with a sparse recipe")
        {
            preset, recipe, nm, config, output, data, seed, steps, device, threads, resume, set, plain, pause,
        };
        command.SetAction(parse =>
        {
            var run = new RunDirectory(parse.GetValue(output)!);
            bool resuming = parse.GetValue(resume);
            SavedRunConfig saved;
            if (resuming)
            {
                if (!File.Exists(run.Config))
                    throw new UserInputException($"--resume: {run.Config} not found; start the run without --resume");
                foreach (var o in new Option[] { recipe, nm, config, seed, steps, set })
                    if (parse.GetResult(o) is { Implicit: false })
                        throw new UserInputException($"--resume continues {run.Config} as saved; do not pass {o.Name}");
                saved = SavedRunConfig.Load(run);
            }
            else
            {
                if (run.HoldsRun)
                    throw new UserInputException(
                        $"{run.Root} already holds a run; pass --resume to continue it or choose another --out");
                saved = Configure(parse, preset, recipe, nm, config, data, seed, steps, set);
            }
            if (parse.GetValue(device) is { } d) saved = saved with { Training = saved.Training with { Device = d } };
            if (parse.GetValue(threads) is { } t) saved = saved with { Training = saved.Training with { Threads = t } };
            return Train(saved, run, resuming, parse.GetValue(pause), parse.GetValue(plain) || Console.IsOutputRedirected, stdout);
        });
        return command;
    }

    private static SavedRunConfig Configure(ParseResult parse, Option<string> preset, Option<string?> recipe,
        Option<string?> nm, Option<string?> config, Option<string> data, Option<int?> seed, Option<long?> steps,
        Option<string[]> set)
    {
        var run = new RunConfig(new RecipeSettings(), TrainingPresets.Get(parse.GetValue(preset)!));
        if (parse.GetValue(config) is { } file) run = RunConfigLoader.Apply(run, file);
        if (parse.GetValue(recipe) is { } name) run = run with { Recipe = run.Recipe with { Recipe = name } };
        if (parse.GetValue(nm) is { } pattern) run = run with { Recipe = run.Recipe with { Pattern = NmPatternParser.Parse(pattern) } };
        if (parse.GetValue(seed) is { } s) run = run with { Training = run.Training with { Seed = s } };
        if (parse.GetValue(steps) is { } n) run = run with { Training = run.Training with { Steps = n } };
        foreach (var assignment in parse.GetValue(set) ?? []) run = RunConfigLoader.Set(run, assignment);
        var training = run.Training;
        training.Validate();
        var recipeSettings = run.Recipe with
        {
            Steps = training.Steps,
            DenseSteps = run.Recipe.DenseSteps > 0 ? run.Recipe.DenseSteps : (long)Math.Round(training.DenseFraction * training.Steps),
            FineTuneSteps = run.Recipe.FineTuneSteps > 0 ? run.Recipe.FineTuneSteps : (long)Math.Round(training.FineTuneFraction * training.Steps),
        };
        recipeSettings.Validate();
        string dataDir = Path.GetFullPath(parse.GetValue(data)!);
        foreach (string needed in new[] { "spm.model", "train.en", "train.de", "valid.en", "test.en" })
            if (!File.Exists(Path.Combine(dataDir, needed)))
                throw new UserInputException(
                    $"{Path.Combine(dataDir, needed)} not found; build the corpus first: nmsparse data --out {parse.GetValue(data)}");
        return new SavedRunConfig(training, recipeSettings, dataDir);
    }

    private static int Train(SavedRunConfig saved, RunDirectory run, bool resuming, long? pauseAt, bool plain,
        TextWriter stdout)
    {
        Directory.CreateDirectory(run.Root);
        // A run killed before its first checkpoint restarts from step 0 with its saved config.
        resuming &= File.Exists(run.LastCheckpoint);
        if (!File.Exists(run.Config))
        {
            saved.Save(run);
            File.Copy(Path.Combine(saved.DataDir, "spm.model"), run.Tokenizer, overwrite: true);
        }
        var request = new TrainingRequest(saved.DataDir, run, saved.Training, saved.Recipe, resuming, pauseAt);
        // A diverged run (TrainingDivergedException) is reported by Program with exit code 3.
        var result = plain
            ? new TranslationTrainer(request, new PlainTrainingObserver(stdout)).Run()
            : LiveTrainingObserver.Run(observer => new TranslationTrainer(request, observer).Run());
        if (result is not null) ResultPrinter.Print(result, run, stdout);
        return 0;
    }
}
