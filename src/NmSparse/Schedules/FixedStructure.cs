using NmSparse.Masks;

namespace NmSparse.Schedules;

/// <summary>No structure decay: the target N:M applies for the whole sparse phase.</summary>
public sealed class FixedStructure : IStructureSchedule
{
    /// <summary>Always uses <paramref name="target"/>.</summary>
    public FixedStructure(NmPattern target)
    {
        Target = target;
    }

    /// <inheritdoc />
    public NmPattern Target { get; }

    /// <inheritdoc />
    public NmPattern PatternAt(long t, long sparseLength) => Target;
}
