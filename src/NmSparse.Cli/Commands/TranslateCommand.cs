using System.CommandLine;
using NmSparse.Runtime;
using NmSparse.Training;

namespace NmSparse.Cli.Commands;

/// <summary>`nmsparse translate --run DIR [--beam K]`: English lines on stdin, German lines on stdout.</summary>
internal static class TranslateCommand
{
    private const int LinesPerChunk = 256;

    public static Command Create(TextWriter stdout)
    {
        var runOption = new Option<string>("--run") { Description = "run folder", Required = true };
        var beam = new Option<int>("--beam") { Description = "beam size (1 = greedy)", DefaultValueFactory = _ => 1 };
        var checkpoint = new Option<string>("--checkpoint") { Description = "last | best", DefaultValueFactory = _ => "last" };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda", DefaultValueFactory = _ => "auto" };
        var command = new Command("translate", "translate English lines from stdin to German on stdout")
        {
            runOption, beam, checkpoint, device,
        };
        command.SetAction(parse =>
        {
            int k = parse.GetValue(beam);
            if (k < 1) throw new UserInputException($"--beam must be at least 1 (got {k})");
            var dev = TorchRuntime.ResolveDevice(parse.GetValue(device)!);
            using var trained = TrainedModel.Load(new RunDirectory(parse.GetValue(runOption)!), parse.GetValue(checkpoint)!, dev);
            var evaluator = new TranslationEvaluator(trained.Model, trained.Tokenizer, dev, trained.Config.Training.BatchTokens);
            var chunk = new List<string>();
            string? line;
            while ((line = Console.In.ReadLine()) is not null)
            {
                chunk.Add(line);
                if (chunk.Count == LinesPerChunk) Flush(chunk, evaluator, trained, k, stdout);
            }
            Flush(chunk, evaluator, trained, k, stdout);
            return 0;
        });
        return command;
    }

    // Batches of lines keep decoding fast while output still streams for long inputs.
    private static void Flush(List<string> lines, TranslationEvaluator evaluator, TrainedModel trained, int beam,
        TextWriter stdout)
    {
        if (lines.Count == 0) return;
        var sources = lines.Select(l => trained.Tokenizer.Encode(l).Append(trained.Tokenizer.EosId).ToArray()).ToList();
        foreach (var german in evaluator.Translate(sources, beam)) stdout.WriteLine(german);
        stdout.Flush();
        lines.Clear();
    }
}
