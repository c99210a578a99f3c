using System.CommandLine;
using System.Globalization;
using NmSparse.Masks;
using NmSparse.Translation.Pruning;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse prune --run DIR --nm N:M [--score magnitude|wanda] [--calibration-batches K] [--permute]
/// [--checkpoint last|best] --out DIR2 [--data DIR]`: one-shot N:M pruning of a trained run, without retraining,
/// into a new run folder that eval and translate accept.
/// </summary>
internal static class PruneCommand
{
    public static Command Create(TextWriter stdout)
    {
        var runOption = RunOptions.Run();
        var checkpoint = RunOptions.Checkpoint();
        var device = RunOptions.Device();
        var nm = new Option<string>("--nm") { Description = "N:M to prune to, e.g. 2:4", Required = true };
        var score = new Option<string>("--score")
        {
            Description = "magnitude | wanda (|w|·‖x‖ from a calibration pass)",
            DefaultValueFactory = _ => "magnitude",
        };
        var calibration = new Option<int>("--calibration-batches")
        {
            Description = "training batches of the wanda calibration pass", DefaultValueFactory = _ => 16,
        };
        var permute = new Option<bool>("--permute")
        {
            Description = "permute channels (ff1→ff2, v→out_proj within heads) to keep more magnitude",
        };
        var outOption = new Option<string>("--out") { Description = "new run folder", Required = true };
        var data = new Option<string?>("--data") { Description = "corpus folder (default: the run's)" };
        var command = new Command("prune", "prune a trained run to N:M once, without retraining, into a new run")
        {
            runOption, nm, score, calibration, permute, checkpoint, outOption, data, device,
        };
        command.SetAction(parse =>
        {
            var pattern = Pattern(parse.GetValue(nm)!);
            string scoreName = parse.GetValue(score)!;
            if (scoreName is not ("magnitude" or "wanda"))
                throw new UserInputException($"--score: '{scoreName}' is not one of magnitude, wanda");
            int batches = parse.GetValue(calibration);
            if (batches < 1) throw new UserInputException($"--calibration-batches must be at least 1 (got {batches})");
            var request = new PruneRequest(new RunDirectory(parse.GetValue(runOption)!), parse.GetValue(checkpoint)!,
                new RunDirectory(parse.GetValue(outOption)!), pattern, scoreName, batches, parse.GetValue(permute),
                parse.GetValue(data), parse.GetValue(device)!);
            Print(RunPruner.Prune(request, stdout.WriteLine), stdout);
            return 0;
        });
        return command;
    }

    private static NmPattern Pattern(string text)
    {
        try
        {
            return NmPatternParser.Parse(text);
        }
        catch (UserInputException e)
        {
            throw new UserInputException($"--nm: {e.Message}", e);
        }
    }

    private static void Print(PruneOutcome outcome, TextWriter stdout)
    {
        var (r, shot) = (outcome.Result, outcome.OneShot);
        stdout.WriteLine(r.TestBleuLine);
        stdout.WriteLine(r.TestBleuSignature);
        string permuted = shot.Permute ? ", permuted" : "";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one-shot {r.Pattern} ({shot.Score}{permuted}) of {shot.SourceRun} checkpoint {shot.SourceCheckpoint} " +
            $"at step {shot.SourceStep} | test BLEU {r.TestBleu:F2} | valid BLEU {r.ValidBleu:F2} | " +
            $"valid ppl {r.ValidPerplexity:F2}"));
        stdout.WriteLine($"results: {outcome.Run.Result}");
    }
}
