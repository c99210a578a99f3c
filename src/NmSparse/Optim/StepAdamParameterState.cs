using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Optim;

/// <summary>
/// One parameter's <see cref="StepAdam"/> state: Adam's step count and moments, whether the parameter is
/// preconditioned (a sparsified weight) and, once frozen, the fixed bias correction 1 − β2^k of its frozen v.
/// </summary>
internal sealed class StepAdamParameterState : OptimizerState, IDisposable
{
    public StepAdamParameterState(Parameter parameter, bool preconditioned) : base(parameter)
    {
        Preconditioned = preconditioned;
        ExpAvg = zeros_like(parameter).DetachFromDisposeScope();
        ExpAvgSq = zeros_like(parameter).DetachFromDisposeScope();
    }

    public bool Preconditioned { get; }
    public long Step { get; set; }
    public Tensor ExpAvg { get; private set; }
    public Tensor ExpAvgSq { get; private set; }

    /// <summary>1 − β2^k at the freeze (k = this parameter's step count then); 0 while v is still learned.</summary>
    public double FrozenBiasCorrection { get; set; }

    public bool Frozen => FrozenBiasCorrection > 0.0;

    public override void SaveStateDict(BinaryWriter writer)
    {
        writer.Write(Step);
        writer.Write(FrozenBiasCorrection);
        ExpAvg.Save(writer);
        ExpAvgSq.Save(writer);
    }

    public override void LoadStateDict(BinaryReader reader)
    {
        Step = reader.ReadInt64();
        FrozenBiasCorrection = reader.ReadDouble();
        TensorExtensionMethods.Load(ExpAvg, reader);
        TensorExtensionMethods.Load(ExpAvgSq, reader);
    }

    public override void LoadStateDict(OptimizerState source)
    {
        var other = (StepAdamParameterState)source;
        Step = other.Step;
        FrozenBiasCorrection = other.FrozenBiasCorrection;
        using (no_grad())
        {
            ExpAvg.copy_(other.ExpAvg);
            ExpAvgSq.copy_(other.ExpAvgSq);
        }
    }

    public override void Initialize(OptimizerOptions options)
    {
        Step = 0;
        FrozenBiasCorrection = 0.0;
        using (no_grad())
        {
            ExpAvg.zero_();
            ExpAvgSq.zero_();
        }
    }

    public override void to(Device device)
    {
        ExpAvg = ExpAvg.to(device, disposeAfter: true).DetachFromDisposeScope();
        ExpAvgSq = ExpAvgSq.to(device, disposeAfter: true).DetachFromDisposeScope();
    }

    public void Dispose()
    {
        ExpAvg.Dispose();
        ExpAvgSq.Dispose();
    }
}
