using System.CommandLine;
using System.Globalization;
using NmSparse.Kernels;
using NmSparse.Masks;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse bench kernels [--csv] [--sizes 1024,2048,4096] [--batches 1,8,64] [--nm 2:4,1:4,1:8]`: the N:M kernel
/// against libtorch's dense linear, same threads (<see cref="KernelBenchmark"/>). A `bench` subcommand.
/// </summary>
internal static class BenchKernelsCommand
{
    public static Command Create(TextWriter stdout)
    {
        var defaults = new KernelBenchmarkSettings();
        var csv = new Option<bool>("--csv") { Description = "print CSV: " + KernelBenchmarkRow.CsvHeader };
        var sizes = new Option<string>("--sizes")
        {
            Description = "square sizes d (comma-separated)", DefaultValueFactory = _ => string.Join(',', defaults.Sizes),
        };
        var batches = new Option<string>("--batches")
        {
            Description = "batch rows (comma-separated)", DefaultValueFactory = _ => string.Join(',', defaults.Batches),
        };
        var patterns = new Option<string>("--nm")
        {
            Description = "N:M patterns (comma-separated)", DefaultValueFactory = _ => string.Join(',', defaults.Patterns),
        };
        var reps = new Option<int>("--reps")
        {
            Description = "timed calls per side (median reported)", DefaultValueFactory = _ => defaults.Repetitions,
        };
        var warmups = new Option<int>("--warmups")
        {
            Description = "untimed calls per side", DefaultValueFactory = _ => defaults.Warmups,
        };
        var threads = new Option<int>("--threads")
        {
            Description = "threads for both sides (0 = every processor)", DefaultValueFactory = _ => 0,
        };
        var command = new Command("kernels", "time the N:M sparse kernel against libtorch's dense linear")
        {
            csv, sizes, batches, patterns, reps, warmups, threads,
        };
        command.SetAction(parse =>
        {
            var settings = new KernelBenchmarkSettings
            {
                Sizes = Integers(parse.GetValue(sizes)!, "--sizes"),
                Batches = Integers(parse.GetValue(batches)!, "--batches"),
                Patterns = parse.GetValue(patterns)!.Split(',').Select(NmPatternParser.Parse).ToArray(),
                Repetitions = parse.GetValue(reps), Warmups = parse.GetValue(warmups),
                Threads = parse.GetValue(threads),
            };
            bool asCsv = parse.GetValue(csv);
            stdout.WriteLine(asCsv ? KernelBenchmarkRow.CsvHeader
                : $"{"nm",-5} {"d_in",6} {"d_out",6} {"batch",6} {"dense ms",10} {"sparse ms",10} {"speedup",8}");
            foreach (var row in KernelBenchmark.Run(settings))
            {
                stdout.WriteLine(asCsv ? row.ToCsv() : string.Create(CultureInfo.InvariantCulture,
                    $"{row.Pattern,-5} {row.InFeatures,6} {row.OutFeatures,6} {row.Batch,6} {row.DenseMs,10:F4} " +
                    $"{row.SparseMs,10:F4} {row.Speedup,8:F2}"));
                stdout.Flush();
            }
            return 0;
        });
        return command;
    }

    private static int[] Integers(string text, string flag) => text.Split(',').Select(part =>
        int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new UserInputException($"{flag}: '{part}' is not a positive integer")).ToArray();
}
