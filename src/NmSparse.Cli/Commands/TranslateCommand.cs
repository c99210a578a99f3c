using System.CommandLine;
using NmSparse.Translation.Runtime;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse translate --run DIR [--beam K] [--checkpoint last|best] [--engine dense|sparse]`: English lines on stdin, German lines on
/// stdout; the checkpoint used (and its step) is named on stderr.
/// </summary>
internal static class TranslateCommand
{
    private const int LinesPerChunk = 256;

    public static Command Create(TextWriter stdout)
    {
        var runOption = RunOptions.Run();
        var beam = RunOptions.Beam();
        var checkpoint = RunOptions.Checkpoint();
        var device = RunOptions.Device();
        var engine = EngineOption.Create();
        var command = new Command("translate", "translate English lines from stdin to German on stdout")
        {
            runOption, beam, checkpoint, device, engine,
        };
        command.SetAction(parse =>
        {
            int k = RunOptions.BeamOf(parse, beam);
            var dev = TorchRuntime.ResolveDevice(parse.GetValue(device)!);
            using var trained = TrainedModel.Load(new RunDirectory(parse.GetValue(runOption)!),
                parse.GetValue(checkpoint)!, dev);
            EngineOption.Apply(parse, engine, trained, dev, parse.InvocationConfiguration.Error);
            // stdout carries only the translations; which checkpoint translates them goes to stderr.
            parse.InvocationConfiguration.Error.WriteLine(
                $"translating with checkpoint {trained.Checkpoint} at step {trained.Step}");
            var evaluator = new TranslationEvaluator(trained.Model, trained.Tokenizer, dev,
                trained.Config.Training.BatchTokens);
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
