using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using NmSparse.Export;
using NmSparse.Kernels;
using NmSparse.Translation.Deploy;
using NmSparse.Translation.Models;
using NmSparse.Translation.Training;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Deploy;

/// <summary>Export of a trained run and import back into a runnable model (both formats).</summary>
[Collection("Sequential")]
public class ModelExportTests : IClassFixture<TinyTrainedRun>
{
    private readonly TinyTrainedRun _run;

    public ModelExportTests(TinyTrainedRun run) => _run = run;

    private string Out(string name) => Path.Combine(_run.Folder, name);

    [Theory]
    [InlineData("model.nmsp", ExportFormat.Nm)]
    [InlineData("model.safetensors", ExportFormat.Safetensors)]
    public void Export_ThenImport_GivesSameLogits(string file, ExportFormat format)
    {
        using var trained = TrainedModel.Load(_run.Run, "last", CPU);
        ModelExporter.Export(trained, Out(file), format);
        using var deployed = DeployedModel.Load(Out(file), _run.Run, CPU);

        foreach (var source in _run.TestSources(trained.Tokenizer))
        {
            using var expected = Logits(trained.Model, source);
            using var actual = Logits(deployed.Model, source);
            Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-5), $"{format}: logits differ");
        }
    }

    [Fact]
    public void Export_NmBFloat16_LogitsCloseAndLayersAtBf16Ratio()
    {
        using var trained = TrainedModel.Load(_run.Run, "last", CPU);
        var sizes = ModelExporter.Export(trained, Out("bf16.nmsp"), ExportFormat.Nm, NmValueType.BFloat16);
        using var deployed = DeployedModel.Load(Out("bf16.nmsp"), _run.Run, CPU);

        // 2:4 in bfloat16: (2 · 2 + 2 · 2 / 8) / (4 · 4) bytes per weight = 9/32.
        Assert.Equal(9.0 / 32, sizes.SparseLayerRatio);
        foreach (var source in _run.TestSources(trained.Tokenizer))
        {
            using var expected = Logits(trained.Model, source);
            using var actual = Logits(deployed.Model, source);
            Assert.True(actual.allclose(expected, rtol: 0, atol: 0.05), "bf16 logits differ by more than 0.05");
        }
    }

    [Fact]
    public void Export_NmFloat32_StoresSixteenLayersCompressedAtRatio17Over32()
    {
        using var trained = TrainedModel.Load(_run.Run, "last", CPU);
        var sizes = ModelExporter.Export(trained, Out("sizes.nmsp"), ExportFormat.Nm);
        var tensors = NmModelFile.Load(Out("sizes.nmsp"));

        // 1 encoder layer (q, k, v, out, ff1, ff2) + 1 decoder layer (two attentions, ff1, ff2) = 16 Linear layers.
        Assert.Equal(16, tensors.Count(t => t.Kind == StoredTensorKind.NmCompressed));
        Assert.Contains(tensors, t => t.Name == "encoder.layers.0.ff1.weight" && t.Matrix!.Pattern.ToString() == "2:4");
        Assert.DoesNotContain(tensors, t => t.Name.EndsWith(".mask", StringComparison.Ordinal));
        // 2:4 in float32: (2 · 4 + 2 · 2 / 8) / (4 · 4) bytes per weight = 17/32.
        Assert.Equal(17.0 / 32, sizes.SparseLayerRatio);
        Assert.Equal(new FileInfo(Out("sizes.nmsp")).Length, sizes.FileBytes);
    }

    [Fact]
    public void Export_Safetensors_HeaderHasPlainStateDictNamesZerosAndNoMetadata()
    {
        using var trained = TrainedModel.Load(_run.Run, "last", CPU);
        ModelExporter.Export(trained, Out("plain.safetensors"), ExportFormat.Safetensors);

        byte[] bytes = File.ReadAllBytes(Out("plain.safetensors"));
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength));
        var names = header.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        var expected = new Seq2SeqTransformer(trained.Model.Config).state_dict().Keys.ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("__metadata__", names);
        var ff1 = header.RootElement.GetProperty("encoder.layers.0.ff1.weight");
        Assert.Equal("F32", ff1.GetProperty("dtype").GetString());
        Assert.Equal("[64,32]", ff1.GetProperty("shape").GetRawText());
        using var deployed = DeployedModel.Load(Out("plain.safetensors"), _run.Run, CPU);
        var weight = deployed.Model.state_dict()["encoder.layers.0.ff1.weight"];
        using var zeros = weight.eq(0).sum();
        Assert.Equal(64 * 32 / 2, zeros.item<long>());   // 2:4: half of the weights are stored zeros
    }

    [Fact]
    public void Load_NmFileWithoutATensor_NamesTheMissingTensor()
    {
        using var trained = TrainedModel.Load(_run.Run, "last", CPU);
        ModelExporter.Export(trained, Out("full.nmsp"), ExportFormat.Nm);
        var tensors = NmModelFile.Load(Out("full.nmsp")).Where(t => t.Name != "encoder.norm.weight").ToList();
        NmModelFile.Save(Out("partial.nmsp"), tensors);

        var e = Assert.Throws<UserInputException>(() => DeployedModel.Load(Out("partial.nmsp"), _run.Run, CPU));

        Assert.Equal($"{Out("partial.nmsp")}: tensor 'encoder.norm.weight' is missing", e.Message);
    }

    [Fact]
    public void Load_FileThatIsNeitherFormat_SaysItIsNotReadableSafetensors()
    {
        File.WriteAllBytes(Out("garbage.bin"), [1, 0, 0, 0, 0, 0, 0, 0, (byte)'x']);

        var e = Assert.Throws<UserInputException>(() => DeployedModel.Load(Out("garbage.bin"), _run.Run, CPU));

        Assert.StartsWith($"{Out("garbage.bin")}: not a readable safetensors file (", e.Message);
    }

    /// <summary>Teacher-forced logits [1, T, V] for one source, decoder input BOS + the source's own ids.</summary>
    internal static Tensor Logits(Seq2SeqTransformer model, int[] source)
    {
        using var noGrad = no_grad();
        using var src = tensor(source.Select(i => (long)i).ToArray(), new long[] { 1, source.Length });
        using var tgt = tensor(new[] { (long)model.Config.BosId }.Concat(source[..^1].Select(i => (long)i)).ToArray(),
            new long[] { 1, source.Length });
        return model.forward(src, tgt);
    }
}
