using System.CommandLine;

namespace NmSparse.Cli.Commands;

/// <summary>`nmsparse eval`. STUB: to be implemented.</summary>
internal static class EvalCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("eval", "not implemented yet");
        command.SetAction(_ => { stdout.WriteLine("not implemented"); return 1; });
        return command;
    }
}
