using System.Globalization;
using System.Text;

namespace NmSparse.Translation.Study;

/// <summary>
/// results.csv: one row per run of the study, whatever its status (unfinished runs have empty metrics).
/// flop_ratio_to_dense is the run's training FLOPs over what training the same steps dense costs; wall_seconds
/// adds training, validation, checkpoints and the final evaluation; code_version is the git commit the trainer was
/// built from (empty when unknown); machine is the CPU model and kernel path the run was finished on,
/// "CpuModel (SimdPath)" (<see cref="Runtime.MachineDescription"/>; empty for results written before it was
/// recorded).
/// </summary>
public static class ResultsCsv
{
    public const string Header = "run,status,recipe,nm,sparsity,seed,steps,test_bleu,valid_bleu,valid_perplexity," +
        "training_flops,flop_ratio_to_dense,wall_seconds,code_version,machine,folder,message";

    public static string Write(IEnumerable<StudyRun> runs)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var run in runs)
        {
            var r = run.Result;
            string[] fields =
            [
                run.Cell.Name, run.Status.ToString().ToLowerInvariant(), run.Cell.Recipe, run.Cell.PatternLabel,
                Number(run.Cell.Sparsity), run.Cell.Seed.ToString(CultureInfo.InvariantCulture),
                (r?.Steps ?? run.Config?.Training.Steps)?.ToString(CultureInfo.InvariantCulture) ?? "",
                Number(r?.TestBleu), Number(r?.ValidBleu), Number(r?.ValidPerplexity),
                r?.TrainingFlops.ToString(CultureInfo.InvariantCulture) ?? "", Number(r?.FlopRatioToDense),
                Number(run.WallSeconds), r?.CodeVersion ?? "", r?.Machine?.Label() ?? "",
                run.Run.Root, run.Message ?? "",
            ];
            text.Append(string.Join(',', fields.Select(Escape))).Append('\n');
        }
        return text.ToString();
    }

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static string Escape(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
