using System.CommandLine;
using NmSparse.Recipes;
using NmSparse.Translation.Benchmarks;

namespace NmSparse.Cli.Commands;

/// <summary>The options of `nmsparse bench step`.</summary>
internal sealed class BenchFlags
{
    public Option<string> Recipe { get; } = new("--recipe")
    {
        Description = $"one of: {string.Join(", ", RecipeRegistry.Names)}", DefaultValueFactory = _ => "dense",
    };

    public Option<string> Nm { get; } = new("--nm") { Description = "N:M target", DefaultValueFactory = _ => "2:4" };

    public Option<string> Preset { get; } = new("--preset")
    {
        Description = "model shape and optimisation: reference | tiny | quick | study | base (default reference: the " +
            "d 256 model of bench/pytorch/step_bench.py, with the study preset's optimisation)",
        DefaultValueFactory = _ => StepBenchmarkOptions.ReferencePreset,
    };

    public Option<string?> Precision { get; } = new("--precision")
    {
        Description = "fp32 | bf16 | auto (bf16 where native, else fp32; default: the preset's)",
    };

    public Option<int> Batch { get; } = Positive("--batch", "sentences per batch", 64);
    public Option<int> SourceLength { get; } = Positive("--src-len", "source tokens per sentence", 30);
    public Option<int> TargetLength { get; } = Positive("--tgt-len", "target tokens per sentence", 30);
    public Option<int> Steps { get; } = Positive("--steps", "timed steps", 20);
    public Option<int> Warmup { get; } = new("--warmup")
    {
        Description = "untimed steps first", DefaultValueFactory = _ => 3,
    };

    public Option<int> Vocab { get; } = Positive("--vocab", "vocabulary size", 8000);
    public Option<int?> Seed { get; } = new("--seed") { Description = "random seed (default: the preset's)" };
    public Option<int?> Threads { get; } = new("--threads") { Description = "libtorch threads (default: 1 per core)" };
    public Option<string> Device { get; } = RunOptions.Device();
    public Option<bool> Csv { get; } = new("--csv") { Description = "print a CSV header and one row" };
    public Option<bool> Profile { get; } = new("--profile") { Description = "also time the parts of a step" };

    public Option<string?> Versus { get; } = new("--versus")
    {
        Description = "also time this recipe in the same process, one step of each in turn, and print the median " +
            "ratio of their step times (e.g. --recipe srste --versus dense)",
    };

    public IEnumerable<Option> All =>
    [
        Recipe, Nm, Preset, Precision, Batch, SourceLength, TargetLength, Steps, Warmup, Vocab, Seed, Threads,
        Device, Csv, Profile, Versus,
    ];

    /// <summary>Integer options that must be at least 1: their names and values for the one-line check.</summary>
    public IEnumerable<Option<int>> PositiveInts => [Batch, SourceLength, TargetLength, Steps, Vocab];

    private static Option<int> Positive(string name, string description, int fallback) =>
        new(name) { Description = $"{description} (default {fallback})", DefaultValueFactory = _ => fallback };
}
