using System.Text.Json;
using System.Text.Json.Nodes;
using NmSparse.Translation.Metrics;
using NmSparse.Translation.Runtime;
using NmSparse.Translation.Study;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Training;

/// <summary>result.json as finished and pruned runs write it, from hand-made totals and scores.</summary>
public class RunResultsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nmsparse-result-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly FinalScores Scores = new(
        new EvalReport("valid", 7, 4.5, 90, 3.25, 4, TimeSpan.FromSeconds(9)),
        new BleuScore(12.5, [50, 25, 12.5, 6.5], [4, 2, 1, 0], [8, 7, 6, 5], 1, 1.25, 8, 6, 1),
        TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2));

    private static readonly LayerSummary[] Layers = [new("encoder.layers.0.ff1", "2:4", 0.5, 0.25)];

    private static readonly MachineDescription Machine = new("Some CPU @ 2.80GHz", "AVX2", NativeBf16: false, 2);

    private const string MachineJson = """
        {
            "CpuModel": "Some CPU @ 2.80GHz",
            "SimdPath": "AVX2",
            "NativeBf16": false,
            "LogicalCores": 2
          }
        """;

    [Fact]
    public void Write_TrainedRun_WritesEveryFieldFromTotalsAndScores()
    {
        var totals = new RunTotals(Steps: 8, TargetTokens: 425, TrainingSeconds: 8.5, ValidationSeconds: 0.5,
            CheckpointSeconds: 0.75, new RunFlops(Total: 300, Dense: 400, SparseLayers: 100, SparseLayersDense: 200),
            BestStep: 5, BestBleu: 12.5);

        string json = WriteAndRead(RunResults.Create("srste", "2:4", "tiny", totals, Scores, Layers, "abc1234",
            Machine));

        Assert.Equal(Expected(steps: 8, tokensPerSecond: "50", trainingSeconds: "8.5", best: "6", bestBleu: "12.5",
            flops: ("300", "400", "0.75"), layerFlops: ("100", "200", "0.5"), codeVersion: "\"abc1234\"",
            machine: MachineJson), json);
    }

    [Fact]
    public void Write_NoBestCheckpointAndNoFlops_BestStepZeroAndRatiosOne()
    {
        // A one-shot pruned run: its checkpoint header has best step −1 and BLEU −1; no FLOPs were counted.
        var totals = new RunTotals(8, 425, 8.5, 0.5, 0.75, new RunFlops(0, 0, 0, 0), BestStep: -1, BestBleu: -1);

        string json = WriteAndRead(RunResults.Create("srste", "2:4", "tiny", totals, Scores, Layers, null, null));

        Assert.Equal(Expected(steps: 8, tokensPerSecond: "50", trainingSeconds: "8.5", best: "0", bestBleu: "-1",
            flops: ("0", "0", "1"), layerFlops: ("0", "0", "1"), codeVersion: "null", machine: "null"), json);
    }

    [Fact]
    public void ReadState_ResultJsonWithoutMachine_DoneWithMachineNull()
    {
        // result.json as written before the machine was recorded: the same keys without "Machine".
        var totals = new RunTotals(8, 425, 8.5, 0.5, 0.75, new RunFlops(0, 0, 0, 0), BestStep: -1, BestBleu: -1);
        var result = RunResults.Create("srste", "2:4", "tiny", totals, Scores, Layers, "abc1234", Machine);
        var json = JsonNode.Parse(JsonSerializer.Serialize(result))!.AsObject();
        json.Remove("Machine");
        var run = new RunDirectory(_dir);
        File.WriteAllText(run.Result, json.ToJsonString());

        var (status, read, _, _) = StudyRun.ReadState<RunResult>(run);

        Assert.Equal(RunStatus.Done, status);
        Assert.Equal(result with { Machine = null, Layers = read!.Layers }, read);
    }

    [Fact]
    public void ReadState_ResultJsonWithMachine_ReadsItBack()
    {
        var totals = new RunTotals(8, 425, 8.5, 0.5, 0.75, new RunFlops(0, 0, 0, 0), BestStep: -1, BestBleu: -1);
        var run = new RunDirectory(_dir);
        RunResults.Write(run.Result,
            RunResults.Create("srste", "2:4", "tiny", totals, Scores, Layers, "abc1234", Machine));

        var (_, read, _, _) = StudyRun.ReadState<RunResult>(run);

        Assert.Equal(Machine, read!.Machine);
    }

    private string WriteAndRead(RunResult result)
    {
        string path = Path.Combine(_dir, "result.json");
        RunResults.Write(path, result);
        return File.ReadAllText(path).ReplaceLineEndings("\n");
    }

    private static string Expected(long steps, string tokensPerSecond, string trainingSeconds, string best,
        string bestBleu, (string Total, string Dense, string Ratio) flops,
        (string Total, string Dense, string Ratio) layerFlops, string codeVersion, string machine) => $$"""
        {
          "Recipe": "srste",
          "Pattern": "2:4",
          "Preset": "tiny",
          "Steps": {{steps}},
          "TestBleu": 12.5,
          "TestBleuLine": "BLEU = 12.50 50.0/25.0/12.5/6.5 (BP = 1.000 ratio = 1.250 hyp_len = 8 ref_len = 6)",
          "TestBleuSignature": "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3",
          "ValidLoss": 4.5,
          "ValidPerplexity": 90,
          "ValidBleu": 3.25,
          "BestCheckpointStep": {{best}},
          "BestCheckpointValidBleu": {{bestBleu}},
          "TargetTokens": 425,
          "TargetTokensPerSecond": {{tokensPerSecond}},
          "TrainingSeconds": {{trainingSeconds}},
          "ValidationSeconds": 0.5,
          "CheckpointSeconds": 0.75,
          "FinalValidSeconds": 1.5,
          "TestDecodeSeconds": 2,
          "TrainingFlops": {{flops.Total}},
          "DenseTrainingFlops": {{flops.Dense}},
          "FlopRatioToDense": {{flops.Ratio}},
          "SparseLayerFlops": {{layerFlops.Total}},
          "SparseLayerDenseFlops": {{layerFlops.Dense}},
          "SparseLayerFlopRatio": {{layerFlops.Ratio}},
          "Layers": [
            {
              "Name": "encoder.layers.0.ff1",
              "Pattern": "2:4",
              "Density": 0.5,
              "Beta": 0.25
            }
          ],
          "CodeVersion": {{codeVersion}},
          "Machine": {{machine}}
        }
        """;
}
