using NmSparse.Translation.Tests.Training;

namespace NmSparse.Cli.Tests;

/// <summary>export, bench kernels, bench translate and --engine sparse on a tiny SR-STE 2:4 run trained by the CLI.</summary>
[Collection("Sequential")]
public class ExportCommandTests : IDisposable
{
    private readonly TinyCorpus _corpus = new();
    private readonly string _run;

    public ExportCommandTests()
    {
        _run = _corpus.RunPath("deploy");
        var train = CliRunner.Run("train", "--preset", "tiny", "--recipe", "srste", "--nm", "2:4", "--steps", "8",
            "--plain", "--data", _corpus.Data, "--out", _run);
        Assert.True(train.Code == 0, train.Err);
    }

    public void Dispose() => _corpus.Dispose();

    private string Out(string name) => Path.Combine(_corpus.Root, name);

    // The tiny model's 16 sparsified layers hold 20480 weights (encoder 4·32·32 + 2·64·32, decoder 8·32·32 +
    // 2·64·32): 81920 bytes dense fp32; at 2:4 they keep 10240 values and 10240 2-bit positions (2560 bytes).
    [Theory]
    [InlineData("nm", "fp32", "sparsified layers: 43520 bytes vs 81920 dense fp32 (ratio 0.531)")]
    [InlineData("nm", "bf16", "sparsified layers: 23040 bytes vs 81920 dense fp32 (ratio 0.281)")]
    [InlineData("safetensors", "fp32", "sparsified layers: 81920 bytes vs 81920 dense fp32 (ratio 1.000)")]
    public void Export_Format_PrintsLayerSizesAndFileSize(string format, string dtype, string layerLine)
    {
        string file = Out($"model.{format}.{dtype}");

        var export = CliRunner.Run("export", "--run", _run, "--format", format, "--dtype", dtype, "--out", file);

        Assert.True(export.Code == 0, export.Err);
        var lines = export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"wrote {file} ({format}, {dtype}) from checkpoint last at step 8", lines[0]);
        Assert.Equal(layerLine, lines[1]);
        Assert.StartsWith($"file: {new FileInfo(file).Length} bytes vs ", lines[2]);
    }

    [Fact]
    public void Export_SafetensorsBf16_IsRejected()
    {
        var export = CliRunner.Run("export", "--run", _run, "--format", "safetensors", "--dtype", "bf16", "--out",
            Out("x.safetensors"));

        Assert.Equal(2, export.Code);
        Assert.Equal("nmsparse: error: --dtype bf16 applies to --format nm only (safetensors is float32)\n",
            export.Err);
        Assert.False(File.Exists(Out("x.safetensors")));
    }

    [Fact]
    public void TranslateAndEval_EngineSparse_SameOutputAsDense()
    {
        string testEnglish = File.ReadAllText(Path.Combine(_corpus.Data, "test.en"));
        var dense = Translate(testEnglish, "dense");
        var sparse = Translate(testEnglish, "sparse");
        Assert.True(sparse.Code == 0, sparse.Err);
        Assert.Equal(4, sparse.Out.Split('\n').Length - 1);
        Assert.Equal(dense.Out, sparse.Out);
        Assert.StartsWith("sparse engine: 16 layers on the N:M kernel\n", sparse.Err);

        var evalDense = CliRunner.Run("eval", "--run", _run);
        var evalSparse = CliRunner.Run("eval", "--run", _run, "--engine", "sparse");
        Assert.True(evalSparse.Code == 0, evalSparse.Err);
        // BLEU and signature lines are equal; the third line carries the decoding time.
        Assert.Equal(evalDense.Out.Split('\n')[..2], evalSparse.Out.Split('\n')[..2]);
    }

    [Fact]
    public void BenchKernels_TinySettingsCsv_PrintsHeaderAndOneRowPerCase()
    {
        var bench = CliRunner.Run("bench", "kernels", "--csv", "--sizes", "16,32", "--batches", "1,3", "--nm",
            "2:4,1:8", "--reps", "1", "--warmups", "0", "--threads", "1");

        Assert.True(bench.Code == 0, bench.Err);
        var lines = bench.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("nm,d_in,d_out,batch,dense_ms,sparse_ms,speedup", lines[0]);
        Assert.Equal(1 + 2 * 2 * 2, lines.Length);
        Assert.StartsWith("2:4,16,16,1,", lines[1]);
        Assert.StartsWith("1:8,32,32,3,", lines[^1]);
        Assert.All(lines.Skip(1), l => Assert.Equal(7, l.Split(',').Length));
    }

    [Fact]
    public void BenchTranslate_TinyRunCsv_TwoModesWithIdenticalOutputs()
    {
        var bench = CliRunner.Run("bench", "translate", "--run", _run, "--csv", "--sentences", "3");

        Assert.True(bench.Code == 0, bench.Err);
        var lines = bench.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("mode,sentences,dense_s,sparse_s,speedup,identical", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("single,3,", lines[1]);
        Assert.StartsWith("batched,3,", lines[2]);
        Assert.All(lines.Skip(1), l => Assert.EndsWith(",yes", l));
    }

    private (int Code, string Out, string Err) Translate(string input, string engine)
    {
        var stdin = Console.In;
        try
        {
            Console.SetIn(new StringReader(input));
            return CliRunner.Run("translate", "--run", _run, "--engine", engine);
        }
        finally
        {
            Console.SetIn(stdin);
        }
    }
}
