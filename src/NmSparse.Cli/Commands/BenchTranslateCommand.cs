using System.CommandLine;
using System.Globalization;
using NmSparse.Translation.Data;
using NmSparse.Translation.Deploy;
using NmSparse.Translation.Training;
using static TorchSharp.torch;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse bench translate --run DIR [--sentences K] [--csv]`: greedy decoding time of the test set, dense-masked
/// libtorch against the sparse engine, one sentence at a time and batched (<see cref="DecodeBenchmark"/>).
/// </summary>
internal static class BenchTranslateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var runOption = RunOptions.Run();
        var checkpoint = RunOptions.Checkpoint();
        var data = new Option<string?>("--data") { Description = "corpus folder (default: the run's)" };
        var sentences = new Option<int?>("--sentences") { Description = "first K test sentences (default: all)" };
        var csv = new Option<bool>("--csv") { Description = "print CSV: " + DecodeTimingRow.CsvHeader };
        var command = new Command("translate", "time greedy decoding of the test set: dense vs sparse engine (CPU)")
        {
            runOption, checkpoint, data, sentences, csv,
        };
        command.SetAction(parse =>
        {
            var run = new RunDirectory(parse.GetValue(runOption)!);
            string name = parse.GetValue(checkpoint)!;
            using var dense = TrainedModel.Load(run, name, CPU);
            using var sparse = TrainedModel.Load(run, name, CPU);
            int swapped = SparseEngine.Apply(sparse).Count;
            var pairs = ParallelCorpus.Read(parse.GetValue(data) ?? dense.Config.DataDir, "test");
            int limit = parse.GetValue(sentences) ?? pairs.Count;
            if (limit < 1) throw new UserInputException($"--sentences must be at least 1 (got {limit})");
            var sources = TranslationData.Encode(dense.Tokenizer, "test", pairs.Take(limit).ToList(), int.MaxValue)
                .Sources;
            var rows = DecodeBenchmark.Run(dense.Model, sparse.Model, dense.Tokenizer, sources,
                dense.Config.Training.BatchTokens);
            bool asCsv = parse.GetValue(csv);
            if (!asCsv)
                stdout.WriteLine($"checkpoint {dense.Checkpoint} at step {dense.Step}, {swapped} N:M layers on the " +
                    $"kernel, {get_num_threads()} threads");
            stdout.WriteLine(asCsv ? DecodeTimingRow.CsvHeader
                : $"{"mode",-8} {"sentences",9} {"dense s",9} {"sparse s",9} {"speedup",8} {"identical",9}");
            foreach (var row in rows)
                stdout.WriteLine(asCsv ? row.ToCsv() : string.Create(CultureInfo.InvariantCulture,
                    $"{row.Mode,-8} {row.Sentences,9} {row.DenseSeconds,9:F3} {row.SparseSeconds,9:F3} " +
                    $"{row.Speedup,8:F2} {(row.Identical ? "yes" : "no"),9}"));
            return 0;
        });
        return command;
    }
}
