using TorchSharp.Modules;

namespace NmSparse.Optim;

/// <summary>
/// The hyperparameters of Adam as <c>torch.optim.Adam</c> takes them, plus the form of weight decay (L2 added to the
/// gradient, or AdamW's decoupled decay), for <see cref="Recipes.IRecipe.CreateOptimizer"/>.
/// </summary>
public sealed record AdamOptions
{
    public double LearningRate { get; init; } = 1e-3;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Eps { get; init; } = 1e-8;
    public double WeightDecay { get; init; }

    /// <summary>
    /// Apply <see cref="WeightDecay"/> as <c>torch.optim.AdamW</c> does (Loshchilov &amp; Hutter, ICLR 2019): shrink
    /// each weight, p ← p·(1 − lr·wd), before the Adam update, so the decay is not rescaled by Adam's per-weight
    /// step size. False (the default, what every run before this option did) adds wd·p to the gradient, as
    /// <c>torch.optim.Adam</c> does.
    /// </summary>
    public bool DecoupledWeightDecay { get; init; }

    /// <summary>Our scalar-safe, TorchSharp-identical <see cref="Adam"/> over <paramref name="parameters"/>.</summary>
    public Adam Create(IEnumerable<Parameter> parameters) => new(parameters, this);
}
