using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// The decoder: <c>layers</c> (a ModuleList of <see cref="DecoderLayer"/>) and a final LayerNorm <c>norm</c>.
/// </summary>
public sealed class DecoderStack : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // registered names
    private readonly ModuleList<DecoderLayer> layers;
    private readonly nn.Module<Tensor, Tensor> norm;
#pragma warning restore IDE1006

    private readonly int _heads;

    /// <summary>Creates <see cref="TransformerConfig.DecoderLayers"/> layers.</summary>
    public DecoderStack(TransformerConfig config, GemmPrecision? precision = null) : base(nameof(DecoderStack))
    {
        _heads = config.Heads;
        layers = new ModuleList<DecoderLayer>(
            Enumerable.Range(0, config.DecoderLayers).Select(_ => new DecoderLayer(config, precision)).ToArray());
        norm = nn.LayerNorm(config.DModel);
        RegisterComponents();
    }

    /// <summary>Teacher-forced pass over embedded targets [B, T, D]; see <see cref="DecoderLayer.forward"/>.</summary>
    public override Tensor forward(Tensor x, Tensor memory, Tensor memoryMask)
    {
        using var scope = NewDisposeScope();
        foreach (var layer in layers) x = layer.call(x, memory, memoryMask);
        return norm.call(x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Projects the memory once per layer and preallocates room for <paramref name="capacity"/> steps.
    /// </summary>
    internal DecoderCache CreateCache(EncoderOutput encoded, int capacity)
    {
        var memory = encoded.Memory;
        long batch = memory.shape[0], headDim = memory.shape[2] / _heads;
        var layerCaches = new List<DecoderLayerCache>(layers.Count);
        foreach (var layer in layers)
        {
            var (crossKeys, crossValues) = layer.ProjectMemory(memory);
            var shape = new[] { batch, _heads, capacity, headDim };
            var selfKeys = zeros(shape, memory.dtype, memory.device);
            var selfValues = zeros(shape, memory.dtype, memory.device);
            // Contiguous copies: the projections are transposed views, and SDPA reads them every step.
            layerCaches.Add(
                new DecoderLayerCache(selfKeys, selfValues, crossKeys.contiguous(), crossValues.contiguous()));
        }
        return new DecoderCache(layerCaches, encoded.SourceMask, capacity);
    }

    /// <summary>One incremental step: <paramref name="x"/> [B, 1, D] at <see cref="DecoderCache.Position"/>.</summary>
    internal Tensor Step(Tensor x, DecoderCache cache)
    {
        using var scope = NewDisposeScope();
        for (int i = 0; i < layers.Count; i++) x = layers[i].Step(x, cache.Layer(i), cache.Position, cache.MemoryMask);
        cache.Advance();
        return norm.call(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        // Every sub-module is registered, so the base class disposes them all.
        base.Dispose(disposing);
    }
}
