using NmSparse.Masks;

namespace NmSparse.Schedules;

/// <summary>
/// Sparse-structure decay that halves the kept count per frame at a fixed M (Bambhaniya et al. 2024, "Progressive
/// Gradient Flow for Robust N:M Sparsity Training in Transformers"). The sparse phase is split into
/// log2(M/N) + 1 equal frames: frame 0 uses (M−1):M, frame i ≥ 1 uses (M/2^i):M, and the last frame is the target
/// N:M. For example 1:8 runs 7:8, 4:8, 2:8, 1:8 and 2:4 runs 3:4, 2:4. A dense target stays dense.
/// </summary>
public sealed class StepwiseStructure : IStructureSchedule
{
    private readonly NmPattern[] _frames;

    /// <summary>Throws <see cref="UserInputException"/> unless M/N is a power of two.</summary>
    public StepwiseStructure(NmPattern target)
    {
        Target = target;
        if (target.IsDense)
        {
            _frames = new[] { target };
            return;
        }
        int ratio = target.M / target.N;
        if (target.M % target.N != 0 || !int.IsPow2(ratio))
            throw new UserInputException($"stepwise structure decay needs M/N to be a power of two, got {target}");
        int steps = int.Log2(ratio);
        _frames = new NmPattern[steps + 1];
        _frames[0] = new NmPattern(target.M - 1, target.M);
        for (int i = 1; i <= steps; i++) _frames[i] = new NmPattern(target.M >> i, target.M);
    }

    /// <inheritdoc />
    public NmPattern Target { get; }

    /// <summary>The patterns of the frames, first to last.</summary>
    public IReadOnlyList<NmPattern> Frames => _frames;

    /// <inheritdoc />
    public NmPattern PatternAt(long t, long sparseLength) =>
        _frames[StructureFrames.Index(t, sparseLength, _frames.Length)];
}
