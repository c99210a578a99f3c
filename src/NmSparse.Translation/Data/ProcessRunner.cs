using System.Diagnostics;

namespace NmSparse.Translation.Data;

/// <summary>Runs an external tool (apt-get, dpkg-deb, spm_train) and captures its output.</summary>
public static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="fileName"/> and returns its standard output; a non-zero exit or a missing program
    /// throws <see cref="UserInputException"/> naming the command and the last line it printed on stderr.
    /// </summary>
    public static string Run(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var command = $"{fileName} {string.Join(' ', info.ArgumentList)}";
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new UserInputException($"cannot start '{fileName}'");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UserInputException($"cannot run '{fileName}': {e.Message}", e);
        }
        using (process)
        {
            process.StandardInput.Close();
            var errorTask = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            var error = errorTask.GetAwaiter().GetResult();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var lastLine = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .LastOrDefault() ?? "(no message)";
                throw new UserInputException($"'{Shorten(command)}' failed with exit code {process.ExitCode}: {lastLine}");
            }
            return output;
        }
    }

    private static string Shorten(string command) => command.Length <= 160 ? command : command[..157] + "...";
}
