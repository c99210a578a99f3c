using System.CommandLine;

namespace NmSparse.Cli.Commands;

/// <summary>`nmsparse bleu`. STUB: to be implemented.</summary>
internal static class BleuCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("bleu", "not implemented yet");
        command.SetAction(_ => { stdout.WriteLine("not implemented"); return 1; });
        return command;
    }
}
