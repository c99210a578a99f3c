using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>Builds the initialised layers every block of the model uses.</summary>
internal static class ModelInit
{
    /// <summary>
    /// A Linear with Xavier-uniform weight and zero bias (Vaswani et al. / fairseq init). Returned as
    /// <c>Module&lt;Tensor, Tensor&gt;</c> because the fields holding it must accept the Sparsifier's wrapper.
    /// <paramref name="gain"/> scales the Xavier bound (the same random draws, scaled).
    /// </summary>
    public static nn.Module<Tensor, Tensor> Linear(long inFeatures, long outFeatures, double gain = 1.0)
    {
        var linear = nn.Linear(inFeatures, outFeatures, hasBias: true);
        using (no_grad())
        {
            nn.init.xavier_uniform_(linear.weight, gain);
            nn.init.zeros_(linear.bias!);
        }
        return linear;
    }

    /// <summary>Dropout that is off in eval mode; <paramref name="p"/> = 0 skips the call entirely.</summary>
    public static Tensor Dropout(Tensor x, double p, bool training) =>
        training && p > 0 ? nn.functional.dropout(x, p, training: true) : x;
}
