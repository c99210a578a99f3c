using System.CommandLine;
using System.Globalization;
using NmSparse.Data;
using NmSparse.Runtime;
using NmSparse.Training;

namespace NmSparse.Cli.Commands;

/// <summary>`nmsparse eval --run DIR [--beam K] [--split test|valid] [--checkpoint last|best]`.</summary>
internal static class EvalCommand
{
    public static Command Create(TextWriter stdout)
    {
        var runOption = new Option<string>("--run") { Description = "run folder", Required = true };
        var beam = new Option<int>("--beam") { Description = "beam size (1 = greedy)", DefaultValueFactory = _ => 1 };
        var split = new Option<string>("--split") { Description = "test | valid", DefaultValueFactory = _ => "test" };
        var checkpoint = new Option<string>("--checkpoint") { Description = "last | best", DefaultValueFactory = _ => "last" };
        var data = new Option<string?>("--data") { Description = "corpus folder (default: the one the run trained on)" };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda", DefaultValueFactory = _ => "auto" };
        var command = new Command("eval", "score a trained run: loss, perplexity and sacreBLEU-exact BLEU")
        {
            runOption, beam, split, checkpoint, data, device,
        };
        command.SetAction(parse =>
        {
            int k = parse.GetValue(beam);
            if (k < 1) throw new UserInputException($"--beam must be at least 1 (got {k})");
            string name = parse.GetValue(split)!;
            if (name is not ("test" or "valid")) throw new UserInputException($"--split: '{name}' is not one of test, valid");
            var run = new RunDirectory(parse.GetValue(runOption)!);
            var dev = TorchRuntime.ResolveDevice(parse.GetValue(device)!);
            using var trained = TrainedModel.Load(run, parse.GetValue(checkpoint)!, dev);
            string dataDir = parse.GetValue(data) ?? trained.Config.DataDir;
            var encoded = TranslationData.Encode(trained.Tokenizer, name, ParallelCorpus.Read(dataDir, name), int.MaxValue);
            var evaluator = new TranslationEvaluator(trained.Model, trained.Tokenizer, dev, trained.Config.Training.BatchTokens);
            var (report, hypotheses) = evaluator.Evaluate(encoded, trained.Step - 1, encoded.Count, k);
            var bleu = Metrics.CorpusBleu.Compute(hypotheses, encoded.Pairs.Select(p => p.De).ToList());
            stdout.WriteLine(bleu.ToString());
            stdout.WriteLine(bleu.Signature);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {report.Sentences} sentences, loss {report.Loss:F3}, perplexity {report.Perplexity:F2}, " +
                $"{(k == 1 ? "greedy" : $"beam {k}")} decoding {report.DecodeTime.TotalSeconds:F1} s, checkpoint at step {trained.Step}"));
            return 0;
        });
        return command;
    }
}
