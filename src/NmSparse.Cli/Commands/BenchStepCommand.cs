using System.CommandLine;
using System.Globalization;
using NmSparse.Recipes;
using NmSparse.Translation.Benchmarks;
using NmSparse.Translation.Runtime;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse bench step --recipe NAME --nm N:M [--preset quick] [--batch 64] [--src-len 30] [--tgt-len 30]
/// [--steps 20] [--precision fp32|bf16] [--csv]`: times one training step of the translation model on random
/// tokens (see <see cref="StepBenchmark"/>). --csv prints the header below and one row, the contract scripts use to
/// compare with other frameworks (bench/pytorch/step_bench.py prints the same columns).
/// </summary>
internal static class BenchStepCommand
{
    public const string CsvHeader = "recipe,nm,precision,step_ms_median,step_ms_min,step_ms_max,tgt_tok_per_s";

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
            var result = StepBenchmark.Run(options, TorchRuntime.ResolveDevice(parse.GetValue(flags.Device)!));
            if (parse.GetValue(flags.Csv)) PrintCsv(result, stdout);
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
        string recipe = parse.GetValue(flags.Recipe)!;
        if (!RecipeRegistry.Names.Contains(recipe))
            throw new UserInputException(
                $"--recipe: '{recipe}' is not one of {string.Join(", ", RecipeRegistry.Names)}");
        var training = TrainingPresets.Get(parse.GetValue(flags.Preset)!);
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

    private static void PrintCsv(StepBenchmarkResult r, TextWriter stdout)
    {
        stdout.WriteLine(CsvHeader);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Recipe},{r.Pattern},{r.Precision},{r.MedianMilliseconds:F2},{r.MinMilliseconds:F2}," +
            $"{r.MaxMilliseconds:F2},{r.TargetTokensPerSecond:F0}"));
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
