using System.CommandLine;

namespace NmSparse.Cli.Commands;

/// <summary>`nmsparse data`. STUB: to be implemented.</summary>
internal static class DataCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("data", "not implemented yet");
        command.SetAction(_ => { stdout.WriteLine("not implemented"); return 1; });
        return command;
    }
}
