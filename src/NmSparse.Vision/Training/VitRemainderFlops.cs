using NmSparse.Vision.Models;

namespace NmSparse.Vision.Training;

/// <summary>
/// Training FLOPs of the ViT parts that are not Linear layers, per step: the attention products QKᵀ and AV of
/// every block, counted the way the translation model counts them (forward 4·B·T·T·d per layer, backward twice
/// that: 12·B·T²·d in all, T = patches + class token). The patch embedding and the head are Linear layers, so the
/// sparsifier's accountant counts them (dense unless sparsified: 2·rows·weights per GEMM; the patch embedding's
/// input needs no gradient, so 2 GEMMs for it, 3 for the head). Softmax, LayerNorm, GELU/ReLU, the position and
/// class-token additions and the loss are not counted. A convolutional stem (<see cref="VitConfig.StemChannels"/>)
/// is kept dense and counted by the accountant too (its weight over every pixel: forward and weight gradient, no
/// input gradient for the images).
/// </summary>
public static class VitRemainderFlops
{
    public static long ForStep(VitConfig config, long batch)
    {
        long tokens = config.Tokens;
        return config.Layers * 12 * batch * tokens * tokens * config.DModel;
    }
}
