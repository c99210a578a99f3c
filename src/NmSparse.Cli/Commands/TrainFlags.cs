using System.CommandLine;
using NmSparse.Recipes;

namespace NmSparse.Cli.Commands;

/// <summary>The options of `nmsparse train`.</summary>
internal sealed class TrainFlags
{
    public Option<string?> Task { get; } = new("--task")
    {
        Description = $"{TaskNames.Translation} (default) | {TaskNames.Vision}; --resume takes the run's own",
    };

    public Option<string> Preset { get; } = new("--preset")
    {
        Description = "tiny | quick | study | base (vit-fashion: tiny | quick | base)", DefaultValueFactory = _ => "quick",
    };

    public Option<string?> Recipe { get; } = new("--recipe")
    {
        Description = $"one of: {string.Join(", ", RecipeRegistry.Names)}",
    };

    public Option<string?> Nm { get; } = new("--nm") { Description = "target N:M, e.g. 2:4" };
    public Option<string?> Config { get; } = new("--config") { Description = "recipe config (YAML)" };
    public Option<string> Out { get; } = new("--out") { Description = "run folder", Required = true };

    public Option<string?> Data { get; } = new("--data")
    {
        Description = "data folder (nmsparse data; default data/en-de, or data/en-de-vN for a preset with " +
            "subword_vocab N; vit-fashion: data/fashion-mnist)",
    };

    public Option<int?> Seed { get; } = new("--seed") { Description = "random seed" };
    public Option<long?> Steps { get; } = new("--steps") { Description = "override the preset's number of steps" };
    public Option<string?> Device { get; } = new("--device") { Description = "auto | cpu | cuda" };
    public Option<int?> Threads { get; } = new("--threads") { Description = "libtorch threads (default: 1 per core)" };
    public Option<bool> Resume { get; } = new("--resume") { Description = "continue --out from its last checkpoint" };
    public Option<string[]> Set { get; } = new("--set") { Description = "key=value override (repeatable)" };
    public Option<bool> Plain { get; } = new("--plain") { Description = "plain progress lines instead of a live bar" };

    public Option<long?> PauseAt { get; } = new("--pause-at")
    {
        Description = "stop after this many steps (checkpointed); --resume continues",
    };

    /// <summary>Options that define a run and so cannot change on --resume.</summary>
    public IEnumerable<Option> Defining => [Preset, Recipe, Nm, Config, Seed, Steps, Set];

    public IEnumerable<Option> All =>
        [Task, Preset, Recipe, Nm, Config, Out, Data, Seed, Steps, Device, Threads, Resume, Set, Plain, PauseAt];
}
