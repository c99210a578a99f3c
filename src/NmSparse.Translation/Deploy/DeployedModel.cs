using System.Text;
using System.Text.Json;
using NmSparse.Export;
using NmSparse.Kernels;
using NmSparse.Masks;
using NmSparse.Translation.Data;
using NmSparse.Translation.Models;
using NmSparse.Translation.Training;
using TorchSharp.PyBridge;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Deploy;

/// <summary>
/// A runnable model imported from an exported file: an NMSP model file (model config inside) or, for any other
/// file, a dense safetensors file (model config from the run's config.json); the tokenizer is the run's spm.model.
/// The model is a plain <see cref="Seq2SeqTransformer"/> in eval mode whose weights are the exported (masked) ones.
/// </summary>
public sealed class DeployedModel : IDisposable
{
    private DeployedModel(Seq2SeqTransformer model, SubwordTokenizer tokenizer,
        IReadOnlyList<(string Layer, NmCompressedMatrix Matrix)> compressed)
    {
        Model = model;
        Tokenizer = tokenizer;
        Compressed = compressed;
    }

    public Seq2SeqTransformer Model { get; }
    public SubwordTokenizer Tokenizer { get; }

    /// <summary>The input-axis compressed layers of an NMSP file (module path, matrix); empty for safetensors.</summary>
    public IReadOnlyList<(string Layer, NmCompressedMatrix Matrix)> Compressed { get; }

    /// <summary>
    /// Imports <paramref name="file"/> (NMSP when it starts with the magic "NMSP", else safetensors). Throws
    /// <see cref="UserInputException"/> starting with the file for a tensor missing, unexpected or of the wrong shape.
    /// </summary>
    public static DeployedModel Load(string file, RunDirectory run, Device device)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(run);
        if (!File.Exists(file)) throw new UserInputException($"{file}: not found");
        if (!File.Exists(run.Tokenizer))
            throw new UserInputException($"{run.Tokenizer}: tokenizer missing from the run");
        var tokenizer = SubwordTokenizer.Load(run.Tokenizer);
        TransformerConfig config;
        Dictionary<string, Tensor> state;
        var compressed = new List<(string, NmCompressedMatrix)>();
        if (!StartsWithNmspMagic(file))
        {
            config = TrainingSession.ModelConfig(SavedRunConfig.Load(run).Training, tokenizer);
            state = ReadSafetensors(file);
        }
        else
        {
            var tensors = NmModelFile.Load(file);
            config = ReadConfig(tensors, file);
            state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var t in tensors.Where(t => t.Name != ModelExporter.ConfigTensorName))
            {
                state.Add(t.Name, t.ToTensor());
                if (t.Matrix is { } m && t.Axis == GroupAxis.Input && t.Name.EndsWith(".weight", StringComparison.Ordinal))
                    compressed.Add((t.Name[..^".weight".Length], m));
            }
        }
        if (config.VocabSize != tokenizer.VocabSize)
            throw new UserInputException($"{file}: vocabulary of {config.VocabSize} does not match the run's " +
                $"tokenizer ({tokenizer.VocabSize})");
        var model = new Seq2SeqTransformer(config);
        try
        {
            Fill(model, state, file);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }
        model.to(device);
        model.eval();
        return new DeployedModel(model, tokenizer, compressed);
    }

    public void Dispose() => Model.Dispose();

    private static bool StartsWithNmspMagic(string file)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(file);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("NMSP"u8);
    }

    private static Dictionary<string, Tensor> ReadSafetensors(string file)
    {
        try
        {
            return new Dictionary<string, Tensor>(Safetensors.LoadStateDict(file), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new UserInputException($"{file}: not a readable safetensors file ({e.Message})", e);
        }
    }

    private static TransformerConfig ReadConfig(IReadOnlyList<StoredTensor> tensors, string file)
    {
        var entry = tensors.FirstOrDefault(t => t.Name == ModelExporter.ConfigTensorName)
            ?? throw new UserInputException($"{file}: no '{ModelExporter.ConfigTensorName}' tensor (model config)");
        try
        {
            return JsonSerializer.Deserialize<TransformerConfig>(Encoding.UTF8.GetString(entry.Data))
                ?? throw new UserInputException($"{file}: empty model config");
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{file}: invalid model config in '{ModelExporter.ConfigTensorName}': " +
                e.Message, e);
        }
    }

    private static void Fill(Seq2SeqTransformer model, Dictionary<string, Tensor> state, string file)
    {
        var expected = model.state_dict();
        foreach (string name in state.Keys)
            if (!expected.ContainsKey(name)) throw new UserInputException($"{file}: unexpected tensor '{name}'");
        using var noGrad = no_grad();
        foreach (var (name, target) in expected)
        {
            if (!state.TryGetValue(name, out var value))
                throw new UserInputException($"{file}: tensor '{name}' is missing");
            if (!value.shape.SequenceEqual(target.shape))
                throw new UserInputException($"{file}: tensor '{name}' has shape [{string.Join(", ", value.shape)}], " +
                    $"the model needs [{string.Join(", ", target.shape)}]");
            target.copy_(value);
        }
    }
}
