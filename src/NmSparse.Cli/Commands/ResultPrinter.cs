using System.Globalization;
using NmSparse.Translation.Training;
using NmSparse.Vision.Training;

namespace NmSparse.Cli.Commands;

/// <summary>The closing lines of a training run.</summary>
internal static class ResultPrinter
{
    public static void Print(RunResult r, RunDirectory run, TextWriter stdout)
    {
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine(r.TestBleuLine);
        stdout.WriteLine(r.TestBleuSignature);
        string recipe = r.Recipe == "dense" ? "dense" : $"{r.Recipe} {r.Pattern}";
        stdout.WriteLine(string.Create(inv,
            $"recipe {recipe} | preset {r.Preset} | test BLEU {r.TestBleu:F2} | " +
            $"valid ppl {r.ValidPerplexity:F2} | {r.TargetTokensPerSecond:F0} target tok/s of training | " +
            $"training FLOPs {r.TrainingFlops:E3} = {r.FlopRatioToDense:F3}× dense " +
            $"(sparsified layers {r.SparseLayerFlopRatio:F3}×)"));
        stdout.WriteLine(string.Create(inv,
            $"time: training {r.TrainingSeconds:F1} s, validation {r.ValidationSeconds:F1} s, checkpoints " +
            $"{r.CheckpointSeconds:F1} s, final valid {r.FinalValidSeconds:F1} s, test decoding " +
            $"{r.TestDecodeSeconds:F1} s | best checkpoint at step {r.BestCheckpointStep} " +
            $"(valid BLEU {r.BestCheckpointValidBleu:F2})"));
        stdout.WriteLine($"results: {run.Result}");
    }

    public static void Print(VisionRunResult r, RunDirectory run, TextWriter stdout)
    {
        var inv = CultureInfo.InvariantCulture;
        string recipe = r.Recipe == "dense" ? "dense" : $"{r.Recipe} {r.Pattern}";
        stdout.WriteLine(string.Create(inv,
            $"recipe {recipe} | preset {r.Preset} | test accuracy {r.TestAccuracy:F2} % | valid accuracy " +
            $"{r.ValidAccuracy:F2} % loss {r.ValidLoss:F3} | {r.ImagesPerSecond:F0} img/s of training | " +
            $"training FLOPs {r.Flops.Total:E3} = {r.Flops.RatioToDense:F3}× dense " +
            $"(sparsified layers {r.Flops.SparseLayerRatio:F3}×)"));
        stdout.WriteLine(string.Create(inv,
            $"time: training {r.TrainingSeconds:F1} s, validation {r.ValidationSeconds:F1} s, checkpoints " +
            $"{r.CheckpointSeconds:F1} s, final evaluation {r.FinalEvalSeconds:F1} s | best checkpoint at step " +
            $"{r.BestCheckpointStep} (valid accuracy {r.BestCheckpointValidAccuracy:F2} %)"));
        stdout.WriteLine($"results: {run.Result}");
    }
}
