using System.CommandLine;

namespace NmSparse.Cli.Commands;

/// <summary>`nmsparse train`. STUB: to be implemented.</summary>
internal static class TrainCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("train", "not implemented yet");
        command.SetAction(_ => { stdout.WriteLine("not implemented"); return 1; });
        return command;
    }
}
