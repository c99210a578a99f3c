using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Optim;

/// <summary>
/// The hyperparameters of Adam as <c>torch.optim.Adam</c> takes them (L2 weight decay added to the gradient), for
/// <see cref="Recipes.IRecipe.CreateOptimizer"/>.
/// </summary>
public sealed record AdamOptions
{
    public double LearningRate { get; init; } = 1e-3;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Eps { get; init; } = 1e-8;
    public double WeightDecay { get; init; }

    /// <summary>A plain TorchSharp Adam over <paramref name="parameters"/>.</summary>
    public OptimizerHelper Create(IEnumerable<Parameter> parameters) =>
        optim.Adam(parameters, LearningRate, Beta1, Beta2, Eps, WeightDecay);
}
