using System.CommandLine;

namespace NmSparse.Cli.Commands;

/// <summary>`nmsparse schedule`. STUB: to be implemented.</summary>
internal static class ScheduleCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("schedule", "not implemented yet");
        command.SetAction(_ => { stdout.WriteLine("not implemented"); return 1; });
        return command;
    }
}
