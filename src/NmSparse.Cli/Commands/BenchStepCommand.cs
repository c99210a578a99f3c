using System.CommandLine;
using System.Globalization;
using NmSparse.Recipes;
using NmSparse.Translation.Benchmarks;
using NmSparse.Translation.Runtime;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse bench step --recipe NAME --nm N:M [--preset reference] [--batch 64] [--src-len 30] [--tgt-len 30]
/// [--steps 20] [--precision fp32|bf16] [--versus RECIPE] [--csv]`: times one training step of the translation model
/// on random tokens (see <see cref="StepBenchmark"/>). --csv prints the header below and one row, the contract
/// scripts use to compare with other frameworks (bench/pytorch/step_bench.py prints the same columns). --versus
/// times a second recipe in turn with the first and adds its row and a ratio column (median of per-round ratios).
/// </summary>
internal static class BenchStepCommand
{
    public const string CsvHeader = "recipe,nm,precision,step_ms_median,step_ms_min,step_ms_max,tgt_tok_per_s";

    /// <summary>The extra column of --versus: this row's step time over the --versus recipe's.</summary>
    public const string RatioColumn = "ratio_to_versus";

    public static Command Create(TextWriter stdout)
    {
        var flags = new BenchFlags();
        var step = new Command("step", "time training steps (mask update, forward, loss, backward, Adam)");
        foreach (var option in flags.All) step.Options.Add(option);
        step.SetAction(parse =>
        {
            var options = Options(parse, flags);
            if (parse.GetValue(flags.Threads) is { } threads)
            {
                if (threads < 1) throw new UserInputException($"--threads must be at least 1 (got {threads})");
                TorchRuntime.Configure(threads);
            }
            var device = TorchRuntime.ResolveDevice(parse.GetValue(flags.Device)!);
            bool csv = parse.GetValue(flags.Csv);
            if (parse.GetValue(flags.Versus) is { } versus)
            {
                var baseline = options.Recipe with { Recipe = CheckRecipe(versus, "--versus") };
                var pair = StepBenchmark.RunInterleaved(options, baseline, device);
                if (csv) PrintCsv(stdout, (pair.Recipe, pair.MedianRatio), (pair.Versus, 1.0));
                else PrintInterleaved(pair, options, stdout);
                return 0;
            }
            var result = StepBenchmark.Run(options, device);
            if (csv) PrintCsv(stdout, (result, null));
            else PrintTable(result, options, stdout);
            return 0;
        });
        return step;
    }

    private static StepBenchmarkOptions Options(ParseResult parse, BenchFlags flags)
    {
        foreach (var option in flags.PositiveInts)
        {
            int value = parse.GetValue(option);
            if (value < 1) throw new UserInputException($"{option.Name} must be at least 1 (got {value})");
        }
        int warmup = parse.GetValue(flags.Warmup);
        if (warmup < 0) throw new UserInputException($"--warmup must not be negative (got {warmup})");
        string recipe = CheckRecipe(parse.GetValue(flags.Recipe)!, "--recipe");
        var training = StepBenchmarkOptions.TrainingFor(parse.GetValue(flags.Preset)!);
        if (parse.GetValue(flags.Precision) is { } precision)
        {
            if (precision is not ("fp32" or "bf16" or PrecisionChoice.Auto))
                throw new UserInputException($"--precision: '{precision}' is not one of fp32, bf16, auto");
            training = training with { Precision = precision };
        }
        training = PrecisionChoice.Resolve(training with { Device = parse.GetValue(flags.Device)! });
        if (parse.GetValue(flags.Seed) is { } seed) training = training with { Seed = seed };
        var pattern = NmPatternParser.Parse(parse.GetValue(flags.Nm)!);
        var settings = new RecipeSettings { Recipe = recipe, Pattern = pattern };
        return new StepBenchmarkOptions
        {
            Training = training, Recipe = settings, VocabSize = parse.GetValue(flags.Vocab),
            Batch = parse.GetValue(flags.Batch), SourceLength = parse.GetValue(flags.SourceLength),
            TargetLength = parse.GetValue(flags.TargetLength), Steps = parse.GetValue(flags.Steps),
            WarmupSteps = warmup, Profile = parse.GetValue(flags.Profile),
        };
    }

    private static string CheckRecipe(string recipe, string flag) => RecipeRegistry.Names.Contains(recipe)
        ? recipe
        : throw new UserInputException($"{flag}: '{recipe}' is not one of {string.Join(", ", RecipeRegistry.Names)}");

    // One row per result; with ratios (--versus) an extra column.
    private static void PrintCsv(TextWriter stdout, params (StepBenchmarkResult Result, double? Ratio)[] rows)
    {
        bool ratios = rows.Any(row => row.Ratio is not null);
        stdout.WriteLine(ratios ? $"{CsvHeader},{RatioColumn}" : CsvHeader);
        foreach (var (r, ratio) in rows)
        {
            string extra = ratios ? string.Create(CultureInfo.InvariantCulture, $",{ratio:F3}") : "";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Recipe},{r.Pattern},{r.Precision},{r.MedianMilliseconds:F2},{r.MinMilliseconds:F2}," +
                $"{r.MaxMilliseconds:F2},{r.TargetTokensPerSecond:F0}{extra}"));
        }
    }

    private static void PrintInterleaved(InterleavedStepResult pair, StepBenchmarkOptions o, TextWriter stdout)
    {
        PrintTable(pair.Recipe, o, stdout);
        PrintTable(pair.Versus, o, stdout);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"step time {pair.Recipe.Recipe} / {pair.Versus.Recipe}: {pair.MedianRatio:F3} (median of " +
            $"{pair.Recipe.StepMilliseconds.Count} rounds, one step of each in turn)"));
    }

    private static void PrintTable(StepBenchmarkResult r, StepBenchmarkOptions o, TextWriter stdout)
    {
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(inv,
            $"{r.Recipe} {r.Pattern}, {r.Precision}, preset {o.Training.Preset}: batch {o.Batch} × {o.SourceLength} " +
            $"source / {o.TargetLength} target tokens, vocab {o.VocabSize}, {r.StepMilliseconds.Count} steps after " +
            $"{o.WarmupSteps} warm-up, {TorchSharp.torch.get_num_threads()} threads"));
        stdout.WriteLine(string.Create(inv,
            $"  step ms      median {r.MedianMilliseconds,8:F1}   min {r.MinMilliseconds,8:F1}   " +
            $"max {r.MaxMilliseconds,8:F1}"));
        stdout.WriteLine(string.Create(inv, $"  target tok/s {r.TargetTokensPerSecond,8:F0}"));
        foreach (var (part, ms) in r.Parts)
            stdout.WriteLine(string.Create(inv,
                $"  {part,-18} {ms,8:F1} ms  {100 * ms / r.MedianMilliseconds,5:F1} %"));
    }
}
