using NmSparse.Masks;

namespace NmSparse.Schedules;

/// <summary>N:M(t) of sparse-structure decay.</summary>
public interface IStructureSchedule
{
    /// <summary>The N:M in force at sparse-phase step t (0 ≤ t &lt; L).</summary>
    NmPattern PatternAt(long t, long sparseLength);

    /// <summary>The final (target) N:M.</summary>
    NmPattern Target { get; }
}
