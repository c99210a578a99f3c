using NmSparse.Masks;

namespace NmSparse.Schedules;

/// <summary>
/// Sparse-structure decay at a fixed density N/M with a shrinking group size (Bambhaniya et al. 2024): the sparse
/// phase is split into K equal frames and frame i uses N·2^(K−1−i) : M·2^(K−1−i), ending at the target. For example
/// 1:8 with 4 frames runs 8:64, 4:32, 2:16, 1:8. Coarse groups early leave the optimizer more freedom; the last frame
/// is the hardware-friendly target.
/// </summary>
public sealed class GeometricStructure : IStructureSchedule
{
    private readonly NmPattern[] _frames;

    /// <summary>Throws <see cref="UserInputException"/> when <paramref name="frames"/> &lt; 1 or M·2^(K−1) overflows.</summary>
    public GeometricStructure(NmPattern target, int frames = 4)
    {
        if (frames < 1)
            throw new UserInputException($"geometric structure decay needs at least 1 frame (got {frames})");
        if (frames > 31 || ((long)target.M << (frames - 1)) > int.MaxValue)
            throw new UserInputException(
                $"geometric structure decay with {frames} frames makes the group size of {target} too large");
        Target = target;
        _frames = new NmPattern[frames];
        for (int i = 0; i < frames; i++)
        {
            int scale = 1 << (frames - 1 - i);
            _frames[i] = new NmPattern(target.N * scale, target.M * scale);
        }
    }

    /// <inheritdoc />
    public NmPattern Target { get; }

    /// <summary>The patterns of the frames, first to last.</summary>
    public IReadOnlyList<NmPattern> Frames => _frames;

    /// <inheritdoc />
    public NmPattern PatternAt(long t, long sparseLength) =>
        _frames[StructureFrames.Index(t, sparseLength, _frames.Length)];
}
