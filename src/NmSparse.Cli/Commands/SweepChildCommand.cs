using System.Globalization;

namespace NmSparse.Cli.Commands;

/// <summary>
/// The command line of a sweep's child process: this CLI again (<see cref="ThisCli"/>) with
/// <c>train --out RUN --resume --threads T [--device D] --plain</c>. `--resume` is right for every cell: the sweep
/// has written its config.json, and a run without a checkpoint starts from step 0.
/// </summary>
internal static class SweepChildCommand
{
    /// <summary>The command that runs this CLI: see <see cref="Resolve"/>.</summary>
    public static IReadOnlyList<string> ThisCli() => Resolve(Environment.ProcessPath,
        typeof(Program).Assembly.Location, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"));

    /// <summary>
    /// The CLI's executable and leading arguments: <c>dotnet NmSparse.Cli.dll</c> when this process is the dotnet
    /// host (`dotnet NmSparse.Cli.dll sweep …`, scripts/nmsparse); the process itself when it is the CLI's own
    /// executable (apphost, tool shim, single-file build); else, as in a test host that loaded the CLI, the dotnet
    /// host (<c>DOTNET_HOST_PATH</c>, else <c>dotnet</c> on the PATH) with the CLI's assembly.
    /// </summary>
    public static IReadOnlyList<string> Resolve(string? processPath, string cliAssembly, string? dotnetHost)
    {
        string host = ExecutableName(processPath ?? "");
        if (processPath is not null && host == "dotnet") return [processPath, cliAssembly];
        bool ownExecutable = cliAssembly.Length == 0 || host == "nmsparse" ||
            host == Path.GetFileNameWithoutExtension(cliAssembly);
        if (processPath is not null && ownExecutable) return [processPath];
        if (cliAssembly.Length == 0)
            throw new InvalidOperationException("cannot tell how to start this CLI again (no process path)");
        return [string.IsNullOrEmpty(dotnetHost) ? "dotnet" : dotnetHost, cliAssembly];
    }

    /// <summary>The file name without a Windows ".exe" (NmSparse.Cli stays NmSparse.Cli).</summary>
    private static string ExecutableName(string path)
    {
        string name = Path.GetFileName(path);
        return name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
    }

    /// <summary>The arguments after the CLI's command.</summary>
    public static IReadOnlyList<string> TrainArguments(string runFolder, int threads, string? device)
    {
        var arguments = new List<string>
        {
            "train", "--out", runFolder, "--resume", "--threads", threads.ToString(CultureInfo.InvariantCulture),
        };
        if (device is not null) arguments.AddRange(["--device", device]);
        arguments.Add("--plain");
        return arguments;
    }

    /// <summary>--threads when given, else the cores shared by the jobs (at least 1 each).</summary>
    public static int Threads(int? flag, int cores, int jobs) => flag ?? Math.Max(1, cores / jobs);
}
