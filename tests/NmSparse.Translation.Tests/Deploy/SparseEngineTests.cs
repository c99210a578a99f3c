using NmSparse.Kernels;
using NmSparse.Translation.Deploy;
using NmSparse.Translation.Models;
using NmSparse.Translation.Training;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Deploy;

/// <summary>The sparse engine decodes exactly like the dense-masked libtorch model.</summary>
[Collection("Sequential")]
public class SparseEngineTests : IClassFixture<TinyTrainedRun>
{
    private readonly TinyTrainedRun _run;

    public SparseEngineTests(TinyTrainedRun run) => _run = run;

    [Fact]
    public void Apply_TrainedRun_SwapsSixteenLayersAndGreedyTestTranslationsEqualDense()
    {
        using var dense = TrainedModel.Load(_run.Run, "last", CPU);
        using var sparse = TrainedModel.Load(_run.Run, "last", CPU);
        var swapped = SparseEngine.Apply(sparse);
        var sources = _run.TestSources(dense.Tokenizer);

        var expected = new TranslationEvaluator(dense.Model, dense.Tokenizer, CPU, 64).Translate(sources, 1);
        var actual = new TranslationEvaluator(sparse.Model, sparse.Tokenizer, CPU, 64).Translate(sources, 1);

        Assert.Equal(16, swapped.Count);
        Assert.Equal(16, sparse.Model.named_modules().Count(m => m.module is NmSparseLinearModule));
        Assert.Equal(4, actual.Count);
        Assert.Contains(expected, t => t.Length > 0);   // the comparison is not between empty outputs
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Apply_TrainedRun_OneSentenceGreedyTranslationsEqualThoseWithoutTheScreen()
    {
        using var plain = TrainedModel.Load(_run.Run, "last", CPU);
        using var screened = TrainedModel.Load(_run.Run, "last", CPU);
        SparseEngine.Apply(plain);
        SparseEngine.Apply(screened);
        plain.Model.OutputArgMax = null;
        var counting = new CountingOutputArgMax(Assert.IsType<ScreenedOutputArgMax>(screened.Model.OutputArgMax));
        screened.Model.OutputArgMax = counting;
        var sources = _run.TestSources(plain.Tokenizer);

        var expected = sources.SelectMany(s =>
            new TranslationEvaluator(plain.Model, plain.Tokenizer, CPU, 64).Translate([s], 1)).ToList();
        var actual = sources.SelectMany(s =>
            new TranslationEvaluator(screened.Model, screened.Tokenizer, CPU, 64).Translate([s], 1)).ToList();

        Assert.Contains(expected, t => t.Length > 0);
        Assert.Equal(expected, actual);
        Assert.True(counting.Answers >= sources.Count, $"the screen answered {counting.Answers} steps");
    }

    [Fact]
    public void Apply_ImportedNmFile_LogitsMatchDenseTo1e5()
    {
        using var dense = TrainedModel.Load(_run.Run, "last", CPU);
        string file = Path.Combine(_run.Folder, "engine.nmsp");
        ModelExporter.Export(dense, file, ExportFormat.Nm);
        using var deployed = DeployedModel.Load(file, _run.Run, CPU);

        Assert.Equal(16, SparseEngine.Apply(deployed).Count);
        foreach (var source in _run.TestSources(dense.Tokenizer))
        {
            using var expected = ModelExportTests.Logits(dense.Model, source);
            using var actual = ModelExportTests.Logits(deployed.Model, source);
            Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-5), "sparse-engine logits differ");
        }
    }

    [Fact]
    public void DecodeBenchmark_TinyRun_TwoModesOverTheTestSetWithIdenticalOutputs()
    {
        using var dense = TrainedModel.Load(_run.Run, "last", CPU);
        using var sparse = TrainedModel.Load(_run.Run, "last", CPU);
        SparseEngine.Apply(sparse);

        var rows = DecodeBenchmark.Run(dense.Model, sparse.Model, dense.Tokenizer, _run.TestSources(dense.Tokenizer),
            64);

        Assert.Equal(new[] { "single", "batched" }, rows.Select(r => r.Mode));
        Assert.All(rows, r => Assert.Equal(4, r.Sentences));
        Assert.All(rows, r => Assert.True(r.Identical));
    }

    /// <summary>Counts the steps the wrapped arg-max answered (did not decline).</summary>
    private sealed class CountingOutputArgMax(IOutputArgMax inner) : IOutputArgMax
    {
        public int Answers { get; private set; }

        public long[]? ArgMax(Tensor hidden, Tensor outputWeight)
        {
            long[]? tokens = inner.ArgMax(hidden, outputWeight);
            if (tokens is not null) Answers++;
            return tokens;
        }
    }
}
