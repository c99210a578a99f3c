using NmSparse.Sparsity;
using static TorchSharp.torch;

namespace NmSparse.Kernels;

/// <summary>Puts an inference module (such as <see cref="NmSparseLinearModule"/>) in place of a model's layer.</summary>
public static class KernelModuleSwap
{
    /// <summary>
    /// Replaces the module at path <paramref name="name"/> (as named_modules spells it, e.g. "encoder.layers.0.ff1")
    /// by <paramref name="replacement"/> everywhere its parent keeps it. Throws <see cref="UserInputException"/>
    /// when no such module exists or its parent cannot hold the replacement.
    /// </summary>
    public static void Replace(nn.Module model, string name, nn.Module replacement)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(replacement);
        var byName = model.named_modules().ToDictionary(m => m.name, m => m.module);
        if (string.IsNullOrEmpty(name) || !byName.TryGetValue(name, out var child))
            throw new UserInputException($"layer {name}: no such module in the model");
        int dot = name.LastIndexOf('.');
        var parent = dot < 0 ? model : byName[name[..dot]];
        ModuleReplacer.Plan(name, parent, name[(dot + 1)..], child, replacement)();
    }
}
