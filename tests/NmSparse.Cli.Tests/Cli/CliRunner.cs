using NmSparse.Cli;

namespace NmSparse.Cli.Tests;

/// <summary>Runs the nmsparse CLI in-process and captures what it prints ("\n" line ends on every OS).</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
