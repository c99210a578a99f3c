using System.CommandLine;

namespace NmSparse.Cli.Commands;

/// <summary>Options shared by the commands that load a trained run (eval, translate).</summary>
internal static class RunOptions
{
    public static Option<string> Run() => new("--run") { Description = "run folder", Required = true };

    public static Option<int> Beam() =>
        new("--beam") { Description = "beam size (1 = greedy)", DefaultValueFactory = _ => 1 };

    public static Option<string> Checkpoint() =>
        new("--checkpoint") { Description = "last | best", DefaultValueFactory = _ => "last" };

    public static Option<string> Device() =>
        new("--device") { Description = "auto | cpu | cuda", DefaultValueFactory = _ => "auto" };

    /// <summary>The beam size, or a one-line error when it is below 1.</summary>
    public static int BeamOf(ParseResult parse, Option<int> beam)
    {
        int k = parse.GetValue(beam);
        if (k < 1) throw new UserInputException($"--beam must be at least 1 (got {k})");
        return k;
    }
}
