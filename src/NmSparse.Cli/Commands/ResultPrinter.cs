using System.Globalization;
using NmSparse.Translation.Training;

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
            $"valid ppl {r.ValidPerplexity:F2} | {r.TargetTokensPerSecond:F0} target tok/s | " +
            $"{r.TrainingSeconds / 60:F1} min | training FLOPs {r.TrainingFlops:E3} = {r.FlopRatioToDense:F3}× dense " +
            $"(sparsified layers {r.SparseLayerFlopRatio:F3}×)"));
        stdout.WriteLine($"results: {run.Result}");
    }
}
