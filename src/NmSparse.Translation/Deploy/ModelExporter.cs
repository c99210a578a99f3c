using System.Text;
using System.Text.Json;
using NmSparse.Export;
using NmSparse.Kernels;
using NmSparse.Translation.IO;
using NmSparse.Translation.Models;
using NmSparse.Translation.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace NmSparse.Translation.Deploy;

/// <summary>
/// Writes a loaded run (<see cref="TrainedModel"/>, masks baked) as an NMSP model file or a dense safetensors file.
/// Tensor names are the plain <see cref="Seq2SeqTransformer"/> state-dict names (docs/format.md, "Tensor names").
/// </summary>
public static class ModelExporter
{
    /// <summary>
    /// Name of the NMSP entry holding the model's <see cref="TransformerConfig"/> as UTF-8 JSON (a dense uint8
    /// tensor), so the file rebuilds the model without the run's config.json.
    /// </summary>
    public const string ConfigTensorName = "__config__";

    /// <summary>
    /// Writes <paramref name="trained"/> to <paramref name="path"/> atomically. For <see cref="ExportFormat.Nm"/>
    /// every sparsified layer is stored compressed with values as <paramref name="valueType"/>; dense tensors
    /// (embeddings, norms, biases, layers kept dense) and the safetensors format are float32 as trained.
    /// </summary>
    public static ExportSizes Export(TrainedModel trained, string path, ExportFormat format,
        NmValueType valueType = NmValueType.Float32)
    {
        ArgumentNullException.ThrowIfNull(trained);
        var state = SparsifiedWeights.PlainState(trained.Model);
        var sparse = SparsifiedWeights.Find(trained.Model, trained.Config).ToDictionary(w => w.WeightName);
        long denseFp32 = state.Sum(s => s.Value.numel() * 4);
        long sparseDense = sparse.Values.Sum(w => w.Layer.Weight.numel() * 4);
        if (format == ExportFormat.Safetensors)
        {
            WriteSafetensors(path, state);
            return new ExportSizes(new FileInfo(path).Length, sparseDense, sparseDense, denseFp32);
        }
        var tensors = new List<StoredTensor>();
        long sparseBytes = 0;
        foreach (var (name, value) in state)
        {
            if (sparse.TryGetValue(name, out var weight))
            {
                var stored = StoredTensor.Compressed(name, value, weight.Pattern, weight.Axis, valueType);
                sparseBytes += stored.DataBytes;
                tensors.Add(stored);
            }
            else
            {
                tensors.Add(StoredTensor.Dense(name, value));
            }
        }
        byte[] config = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(trained.Model.Config));
        using (var configTensor = tensor(config, new long[] { config.Length }, ScalarType.Byte))
            tensors.Add(StoredTensor.Dense(ConfigTensorName, configTensor));
        NmModelFile.Save(path, tensors);
        return new ExportSizes(new FileInfo(path).Length, sparseBytes, sparseDense, denseFp32);
    }

    private static void WriteSafetensors(string path, IReadOnlyList<(string Name, Tensor Value)> state)
    {
        var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var copies = new List<Tensor>();
        try
        {
            foreach (var (name, value) in state)
            {
                var cpu = value.detach().cpu().contiguous();
                copies.Add(cpu);
                dict.Add(name, cpu);
            }
            // PyBridge writes the standard layout: u64 header length, JSON index, raw little-endian tensors.
            using var buffer = new MemoryStream();
            Safetensors.SaveStateDict(buffer, dict, leaveOpen: true);
            AtomicFile.WriteAllBytes(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        finally
        {
            copies.ForEach(c => c.Dispose());
        }
    }
}
