using NmSparse.Flops;
using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Sparsity;
using NmSparse.Tests.Masks;
using NmSparse.Tests.Sparsity;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Tests.Devices;

/// <summary>Runs only with a CUDA device; skipped (not passed) on the CPU build and on machines without a GPU.</summary>
[Collection("Sequential")]
public class CudaTests
{
    [CudaFact]
    public void Compute_CudaWeightWithTies_EqualsCpuMaskAndStaysOnDevice()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(23);
        Tensor cpuWeight = randint(-3, 4, new long[] { 64, 256 }, generator: generator).to(ScalarType.Float32);
        Tensor cudaWeight = cpuWeight.cuda();
        var pattern = new NmPattern(2, 4);

        Tensor onDevice = NmMask.Compute(cudaWeight, pattern);

        Assert.Equal(DeviceType.CUDA, onDevice.device_type);
        MaskAssert.Same(NmMask.Compute(cpuWeight, pattern), onDevice.cpu());
    }

    [CudaFact]
    public void RecordStepFlops_SteStepOnCuda_MasksOnDeviceAndCountsExactFlops()
    {
        using var model = new SingleLinearNet(8, 4);
        model.SetWeight(Enumerable.Range(1, 32).Select(i => (float)(i % 5 - 2)).ToArray());
        model.cuda();
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(new RecipeSettings
        {
            Recipe = "ste", Steps = 2,
        }));
        sparsifier.Step(0);
        using var x = ones(3, 8, device: CUDA);
        using var y = model.call(x);
        y.sum().backward();
        sparsifier.RecordStepFlops();

        SparseLayer layer = sparsifier.Layers[0].Module;
        Assert.Equal(DeviceType.CUDA, layer.Mask.device_type);
        Assert.Equal(16, layer.KeptWeights);
        // 32 weights, 3 rows: forward 2·3·16 = 96, no input gradient, weight gradient dense 2·3·32 = 192.
        Assert.Equal(new LayerStepFlops(96, 0, 192), sparsifier.Flops.Total);
    }
}
