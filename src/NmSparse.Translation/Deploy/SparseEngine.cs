using NmSparse.Kernels;
using NmSparse.Sparsity;
using NmSparse.Translation.Models;
using NmSparse.Translation.Training;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Deploy;

/// <summary>
/// The "sparse" inference engine: every N:M layer the kernel can run (input-axis groups, M ≤ 32) is swapped for an
/// <see cref="NmSparseLinearModule"/> computing the same product from the compressed weight; the rest of the model
/// stays on libtorch, except that greedy decoding of one sentence finds the next token with
/// <see cref="ScreenedOutputArgMax"/> (a bfloat16 screen of the tied output projection, exact). CPU and float32
/// only; no gradients.
/// </summary>
public static class SparseEngine
{
    /// <summary>
    /// Swaps the sparsified layers of a loaded run (masks baked). <paramref name="threads"/> ≤ 0: libtorch's thread
    /// count, so both engines use the same threads. Returns the swapped layers' names.
    /// </summary>
    public static IReadOnlyList<string> Apply(TrainedModel trained, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(trained);
        var layers = SparsifiedWeights.Find(trained.Model, trained.Config)
            .Where(w => w.RunsOnKernel)
            .Select(w => (w.Name, NmCompressedMatrix.FromDense(w.Layer.Weight, w.Pattern)))
            .ToList();
        return ApplyToTransformer(trained.Model, layers, threads);
    }

    /// <summary>Swaps the layers of an imported NMSP model (<see cref="DeployedModel.Compressed"/>) that the kernel runs.</summary>
    public static IReadOnlyList<string> Apply(DeployedModel deployed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(deployed);
        var layers = deployed.Compressed.Where(c => c.Matrix.Pattern.M <= NmSparseLinear.MaxGroupSize).ToList();
        return ApplyToTransformer(deployed.Model, layers, threads);
    }

    /// <summary>The layer swap, plus the screened greedy arg-max over the tied output projection.</summary>
    private static IReadOnlyList<string> ApplyToTransformer(Seq2SeqTransformer model,
        IReadOnlyList<(string Layer, NmCompressedMatrix Matrix)> layers, int threads)
    {
        var swapped = Apply(model, layers, threads);
        if (model.OutputWeight.device_type == DeviceType.CPU)
            model.OutputArgMax = new ScreenedOutputArgMax(model.OutputWeight, ThreadCount(threads));
        return swapped;
    }

    /// <summary>threads ≤ 0: libtorch's thread count, so both engines use the same threads.</summary>
    private static int ThreadCount(int threads) => threads > 0 ? threads : get_num_threads();

    /// <summary>
    /// Swaps each named Linear (or sparse Linear wrapper) of <paramref name="model"/> for the kernel module of its
    /// compressed weight, keeping the layer's bias. Throws <see cref="UserInputException"/> when the model is not on
    /// the CPU or a name is not a linear layer.
    /// </summary>
    public static IReadOnlyList<string> Apply(nn.Module model,
        IReadOnlyList<(string Layer, NmCompressedMatrix Matrix)> layers, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layers);
        int used = ThreadCount(threads);
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        foreach (var (name, matrix) in layers)
        {
            Tensor? bias = modules.GetValueOrDefault(name) switch
            {
                SparseLinear s => s.Bias,
                Linear l => l.bias,
                _ => throw new UserInputException($"layer {name}: not a linear layer, the sparse engine cannot run it"),
            };
            if (bias is not null && bias.device_type != DeviceType.CPU)
                throw new UserInputException($"the sparse engine runs on the CPU (layer {name} is on {bias.device})");
            KernelModuleSwap.Replace(model, name, new NmSparseLinearModule(matrix, bias, threads: used));
        }
        return layers.Select(l => l.Layer).ToList();
    }
}
