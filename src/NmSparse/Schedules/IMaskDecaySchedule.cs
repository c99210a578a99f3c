namespace NmSparse.Schedules;

/// <summary>β(t) of pruning-mask decay: forward uses w⊙(m + β(1−m)).</summary>
public interface IMaskDecaySchedule
{
    /// <summary>β at sparse-phase step t (0 ≤ t &lt; L), in [0, 1].</summary>
    double Beta(long t, long sparseLength);
}
