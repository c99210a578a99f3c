using System.CommandLine;

namespace NmSparse.Cli.Commands;

/// <summary>The options of `nmsparse sweep`.</summary>
internal sealed class SweepFlags
{
    public Option<string?> Task { get; } = new("--task")
    {
        Description = $"{TaskNames.Translation} (default) | {TaskNames.Vision}",
    };

    public Option<string?> Preset { get; } = new("--preset")
    {
        Description = "tiny | quick | study | base (default study; vit-fashion: tiny | quick | base, default quick)",
    };

    public Option<string> Recipes { get; } = new("--recipes")
    {
        Description = "comma-separated recipe names, e.g. dense,srste,mask-decay,gmp", Required = true,
    };

    public Option<string> Nm { get; } = new("--nm") { Description = "comma-separated N:M, e.g. 2:4,1:8,1:16" };

    public Option<int> Seeds { get; } = new("--seeds")
    {
        Description = "seeds 1..K per cell", DefaultValueFactory = _ => 1,
    };

    public Option<string> Out { get; } = new("--out") { Description = "sweep folder (sweeps/NAME)", Required = true };

    public Option<string?> Data { get; } = new("--data")
    {
        Description = "data folder (nmsparse data; default data/en-de, or data/en-de-vN for a preset with " +
            "subword_vocab N; vit-fashion: data/fashion-mnist)",
    };

    public Option<string[]> Set { get; } = new("--set") { Description = "key=value override for every run" };

    public Option<bool> IsoFlops { get; } = new("--iso-flops")
    {
        Description = "give every recipe the dense run's training FLOPs (steps adjusted)",
    };

    public Option<string?> Emit { get; } = new("--emit")
    {
        Description = "print the unfinished runs as jobs instead of training: slurm | commands",
    };

    public Option<string?> Device { get; } = new("--device") { Description = "auto | cpu | cuda" };
    public Option<int?> Threads { get; } = new("--threads")
    {
        Description = "libtorch threads of each run (default: the cores shared by the --jobs runs, at least 1)",
    };
    public Option<bool> Plain { get; } = new("--plain") { Description = "plain lines instead of a live table" };

    public Option<int> Jobs { get; } = new("--jobs")
    {
        Description = "runs trained at once, each in its own process (1: one at a time, in this process)",
        DefaultValueFactory = _ => 1,
    };

    public IEnumerable<Option> All =>
        [Task, Preset, Recipes, Nm, Seeds, Out, Data, Set, IsoFlops, Emit, Device, Threads, Plain, Jobs];
}
