using TorchSharp.Modules;

namespace NmSparse.Optim;

/// <summary>
/// The optimizer-wide part of <see cref="StepAdam"/>'s state, saved after the parameters' states: steps taken, the
/// step count at the freeze (−1 before) and the AutoSwitch window of recent Z values.
/// </summary>
internal sealed class StepSwitchState : OptimizerState
{
    public StepSwitchState() : base(null!) { }

    public long Steps { get; set; }
    public long FrozenAt { get; set; } = -1;
    public Queue<double> Window { get; } = new();

    public override void SaveStateDict(BinaryWriter writer)
    {
        writer.Write(Steps);
        writer.Write(FrozenAt);
        writer.Write(Window.Count);
        foreach (double z in Window) writer.Write(z);
    }

    public override void LoadStateDict(BinaryReader reader)
    {
        Steps = reader.ReadInt64();
        FrozenAt = reader.ReadInt64();
        Window.Clear();
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++) Window.Enqueue(reader.ReadDouble());
    }

    public override void LoadStateDict(OptimizerState source)
    {
        var other = (StepSwitchState)source;
        Steps = other.Steps;
        FrozenAt = other.FrozenAt;
        Window.Clear();
        foreach (double z in other.Window) Window.Enqueue(z);
    }

    public override void Initialize(OptimizerOptions options)
    {
        Steps = 0;
        FrozenAt = -1;
        Window.Clear();
    }
}
