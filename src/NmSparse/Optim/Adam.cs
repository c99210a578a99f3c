using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba, ICLR 2015, "Adam: A Method for Stochastic Optimization") exactly as TorchSharp 0.107.0's
/// <c>torch.optim.Adam</c> computes it, bit for bit, or AdamW (Loshchilov &amp; Hutter, ICLR 2019, "Decoupled Weight
/// Decay Regularization") exactly as its <c>torch.optim.AdamW</c> does with
/// <see cref="AdamOptions.DecoupledWeightDecay"/>; only the step is ours, and it holds every Scalar it hands to
/// libtorch until the step ends (<see cref="AdamArithmetic"/>: TorchSharp's step passes implicitly converted
/// temporaries that the GC finalizer can free mid-call, "Unknown scalar type"). AMSGrad and maximize are not
/// supported.
/// <para>
/// Why it is called Adam and derives from TorchSharp's Adam: <c>save_state_dict</c> writes the optimizer's type
/// name (<c>GetType().Name</c>) and <c>load_state_dict</c> refuses a stream with another one. With the same name,
/// TorchSharp's per-parameter state (<c>Adam.State</c>: step, exp_avg, exp_avg_sq) and its param-group options, a
/// checkpoint written by TorchSharp's Adam (every run before this class) resumes here bit for bit, and one written
/// here is byte for byte what TorchSharp's Adam writes, so either loads into the other. The decoupled flag is not in
/// the checkpoint (it is a run setting, like the choice of AdamW over Adam); the other hyperparameters are, and the
/// step reads them, like the learning rate a schedule sets, from the param group.
/// </para>
/// </summary>
public sealed class Adam : TorchSharp.Modules.Adam
{
    /// <summary>Adam over <paramref name="parameters"/> with <paramref name="options"/> (one param group).</summary>
    public Adam(IEnumerable<Parameter> parameters, AdamOptions options)
        : base(parameters, NotNull(options).LearningRate, options.Beta1, options.Beta2, options.Eps,
            options.WeightDecay)
    {
        DecoupledWeightDecay = options.DecoupledWeightDecay;
    }

    /// <summary>AdamW's p ← p·(1 − lr·wd) before the update instead of wd·p added to the gradient.</summary>
    public bool DecoupledWeightDecay { get; }

    /// <summary>One step over every parameter with a gradient, with the param groups' current settings.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        if (options.amsgrad == true || options.maximize == true)
            throw new NotSupportedException("NmSparse.Optim.Adam supports neither amsgrad nor maximize");
        var adam = new AdamOptions
        {
            LearningRate = options.LearningRate!.Value, Beta1 = options.beta1!.Value, Beta2 = options.beta2!.Value,
            Eps = options.eps!.Value, WeightDecay = options.weight_decay!.Value,
            DecoupledWeightDecay = DecoupledWeightDecay,
        };
        using var arithmetic = new AdamArithmetic(adam);
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (State)_state[param.Handle];
            state.step += 1;
            grad = arithmetic.DecayWeights(param, grad);
            arithmetic.UpdateFirstMoment(state.exp_avg, grad);
            arithmetic.UpdateSecondMoment(state.exp_avg_sq, grad);
            arithmetic.Update(param, state.exp_avg, state.exp_avg_sq, 1 - Math.Pow(adam.Beta1, state.step),
                1 - Math.Pow(adam.Beta2, state.step));
        }
    }, closure);

    private static AdamOptions NotNull(AdamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options;
    }
}
