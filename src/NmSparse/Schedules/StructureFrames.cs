namespace NmSparse.Schedules;

/// <summary>Splits the sparse phase into equal frames for the structure-decay schedules.</summary>
internal static class StructureFrames
{
    /// <summary>
    /// frame = min(frames − 1, ⌊t·frames / L⌋), with t clamped to ≥ 0; an empty sparse phase (L ≤ 0) is the last
    /// frame.
    /// </summary>
    public static int Index(long t, long sparseLength, int frames)
    {
        if (sparseLength <= 0) return frames - 1;
        long clamped = Math.Max(0L, t);
        // Integer division keeps frame boundaries exact; Int128 avoids overflow of t·frames for huge step counts.
        long frame = (long)((Int128)clamped * frames / sparseLength);
        return (int)Math.Min(frames - 1, frame);
    }
}
