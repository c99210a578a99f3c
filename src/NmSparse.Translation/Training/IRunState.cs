using static TorchSharp.torch;

namespace NmSparse.Translation.Training;

/// <summary>What <see cref="DivergenceGuard"/> checks of a run: its state tensors and its last clean checkpoint.</summary>
public interface IRunState
{
    /// <summary>Parameters, buffers (masks) and optimizer moments.</summary>
    IEnumerable<Tensor> StateTensors();

    /// <summary>The checkpoint written (or resumed from) last; null before the first.</summary>
    string? LastCheckpointPath { get; }

    /// <summary>Steps trained when <see cref="LastCheckpointPath"/> was written.</summary>
    long LastCheckpointStep { get; }
}
