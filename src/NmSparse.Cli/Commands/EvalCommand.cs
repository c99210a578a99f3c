using System.CommandLine;
using System.Globalization;
using NmSparse.Translation.Data;
using NmSparse.Translation.Metrics;
using NmSparse.Translation.Runtime;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse eval --run DIR [--beam K] [--split test|valid] [--checkpoint last|best] [--engine dense|sparse]`.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(TextWriter stdout)
    {
        var runOption = RunOptions.Run();
        var beam = RunOptions.Beam();
        var checkpoint = RunOptions.Checkpoint();
        var device = RunOptions.Device();
        var engine = EngineOption.Create();
        var split = new Option<string>("--split") { Description = "test | valid", DefaultValueFactory = _ => "test" };
        var data = new Option<string?>("--data") { Description = "data folder (default: the run's)" };
        var task = new Option<string?>("--task")
        {
            Description = $"{TaskNames.Translation} | {TaskNames.Vision} (default: the run's own)",
        };
        var command = new Command("eval",
            "score a trained run: loss, perplexity and sacreBLEU-exact BLEU (vit-fashion: loss and top-1 accuracy)")
        {
            runOption, beam, split, checkpoint, data, device, engine, task,
        };
        command.SetAction(parse =>
        {
            var run = new RunDirectory(parse.GetValue(runOption)!);
            if (TaskNames.Resolve(parse.GetValue(task), run) == TaskNames.Vision)
            {
                if (parse.GetResult(beam) is { Implicit: false } || parse.GetResult(engine) is { Implicit: false })
                    throw new UserInputException("--beam and --engine apply to translation runs only");
                return VisionEval.Run(run, parse.GetValue(checkpoint)!, parse.GetValue(split)!, parse.GetValue(data),
                    parse.GetValue(device)!, stdout);
            }
            int k = RunOptions.BeamOf(parse, beam);
            string name = parse.GetValue(split)!;
            if (name is not ("test" or "valid"))
                throw new UserInputException($"--split: '{name}' is not one of test, valid");
            var dev = TorchRuntime.ResolveDevice(parse.GetValue(device)!);
            using var trained = TrainedModel.Load(run, parse.GetValue(checkpoint)!, dev);
            EngineOption.Apply(parse, engine, trained, dev, parse.InvocationConfiguration.Error);
            string dataDir = parse.GetValue(data) ?? trained.Config.DataDir;
            var pairs = ParallelCorpus.Read(dataDir, name);
            var encoded = TranslationData.Encode(trained.Tokenizer, name, pairs, int.MaxValue);
            var evaluator = new TranslationEvaluator(trained.Model, trained.Tokenizer, dev,
                trained.Config.Training.BatchTokens);
            var (report, hypotheses) = evaluator.Evaluate(encoded, trained.Step - 1, encoded.Count, k);
            var bleu = CorpusBleu.Compute(hypotheses, encoded.Pairs.Select(p => p.De).ToList());
            stdout.WriteLine(bleu.ToString());
            stdout.WriteLine(bleu.Signature);
            string decoding = k == 1 ? "greedy" : $"beam {k}";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {report.Sentences} sentences, loss {report.Loss:F3}, perplexity {report.Perplexity:F2}, " +
                $"{decoding} decoding {report.DecodeTime.TotalSeconds:F1} s, checkpoint {trained.Checkpoint} at step " +
                $"{trained.Step}"));
            return 0;
        });
        return command;
    }
}
