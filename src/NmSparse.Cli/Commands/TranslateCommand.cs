using System.CommandLine;

namespace NmSparse.Cli.Commands;

/// <summary>`nmsparse translate`. STUB: to be implemented.</summary>
internal static class TranslateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("translate", "not implemented yet");
        command.SetAction(_ => { stdout.WriteLine("not implemented"); return 1; });
        return command;
    }
}
