namespace NmSparse.Kernels;

/// <summary>
/// The exact arg-max over r of t_r = fl(w_r·x), the float32 row scores of a matrix W, reading mostly W's bfloat16
/// copy (<see cref="BFloat16ScreenMatrix"/>): screened scores s_r and error bounds e_r ≥ |s_r − t_r|
/// (<see cref="ScreenErrorBound"/>) leave as candidates the rows with s_r + e_r ≥ L = max_j (s_j − e_j); only these
/// are scored exactly (by the caller's <see cref="CandidateScorer"/>) and the first of the highest wins, the lowest
/// index on ties as libtorch's argmax does.
/// <para>
/// Why exact: a row m with the highest t has s_m + e_m ≥ t_m ≥ t_j ≥ s_j − e_j for every j, so every row attaining
/// the maximum is a candidate, the lowest such index included; a row that is not a candidate has t below the
/// maximum. So the result equals the arg-max of the full float32 scores whenever the scorer returns those scores.
/// </para>
/// <para>
/// The screen runs on the instruction-set <see cref="Path"/> (by default <see cref="KernelPaths.Best"/>); large
/// matrices (256 KB of bfloat16 or more) are split into row chunks shared with the kernel threads
/// (<see cref="KernelWorkers"/>). Instances are immutable and may be shared between threads.
/// </para>
/// </summary>
public sealed class ScreenedArgMax
{
    /// <summary>At or above this many bfloat16 bytes a screen fans out to the kernel threads.</summary>
    private const long FanOutBytes = 256 * 1024;

    /// <summary>Chunks per thread: small enough that a late worker's share is taken over by the others.</summary>
    private const int ChunksPerThread = 4;

    /// <summary>Above ‖w‖₂‖x‖₂ = 2¹⁰⁰ a float32 score could come near overflow: no decision then.</summary>
    private static readonly double MaxScoreMagnitude = Math.ScaleB(1, 100);

    private readonly BFloat16ScreenMatrix _screen;
    private readonly double _maxRowNorm;

    /// <summary>
    /// Screens with <paramref name="screen"/>; <paramref name="threads"/> ≤ 0 uses every processor. Throws
    /// <see cref="UserInputException"/> for a path this CPU does not support.
    /// </summary>
    public ScreenedArgMax(BFloat16ScreenMatrix screen, KernelPath? path = null, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(screen);
        Path = path ?? KernelPaths.Best;
        if (!KernelPaths.IsSupported(Path))
            throw new UserInputException($"kernel path {Path} is not supported by this CPU");
        Threads = threads > 0 ? threads : Environment.ProcessorCount;
        if (Threads > 1) _ = KernelWorkers.SpinMicroseconds;
        _screen = screen;
        foreach (double norm in screen.RowNorms) _maxRowNorm = Math.Max(_maxRowNorm, norm);
    }

    public KernelPath Path { get; }
    public int Threads { get; }
    public int Rows => _screen.Rows;
    public int Columns => _screen.Columns;

    /// <summary>
    /// The arg-max row of W·x, or null when the screen cannot decide (x not finite, or scores near float32's range):
    /// then the caller computes the full product. Throws <see cref="ArgumentException"/> when x's length is not
    /// <see cref="Columns"/>.
    /// </summary>
    public int? ArgMax(ReadOnlySpan<float> x, CandidateScorer exactScores)
    {
        ArgumentNullException.ThrowIfNull(exactScores);
        int[]? candidates = Candidates(x);
        if (candidates is null) return null;
        var scores = new float[candidates.Length];
        exactScores(candidates, scores);
        int best = 0;
        for (int i = 1; i < scores.Length; i++)
            if (scores[i] > scores[best]) best = i;
        return candidates[best];
    }

    /// <summary>
    /// The rows that may hold the arg-max (ascending, at least one), or null when the screen cannot decide (see
    /// <see cref="ArgMax"/>).
    /// </summary>
    public int[]? Candidates(ReadOnlySpan<float> x)
    {
        if (x.Length != Columns)
            throw new ArgumentException($"x has {x.Length} values, expected {Columns}", nameof(x));
        double squares = 0, absolutes = 0;
        foreach (float v in x)
        {
            if (!float.IsFinite(v)) return null;
            squares += (double)v * v;
            absolutes += Math.Abs(v);
        }
        double xNorm2 = Math.BitIncrement(Math.Sqrt(squares));
        if (_maxRowNorm * xNorm2 > MaxScoreMagnitude) return null;
        var bound = new ScreenErrorBound(Columns, xNorm2, Math.BitIncrement(absolutes));
        float[] screened = Screen(x);
        ReadOnlySpan<double> norms = _screen.RowNorms;
        double floor = double.NegativeInfinity;
        for (int r = 0; r < screened.Length; r++) floor = Math.Max(floor, screened[r] - bound.For(norms[r]));
        var candidates = new List<int>();
        for (int r = 0; r < screened.Length; r++)
            if (screened[r] + bound.For(norms[r]) >= floor) candidates.Add(r);
        return candidates.ToArray();
    }

    /// <summary>The screened scores s_r of every row (float32, this path's summation order).</summary>
    public float[] Screen(ReadOnlySpan<float> x)
    {
        if (x.Length != Columns)
            throw new ArgumentException($"x has {x.Length} values, expected {Columns}", nameof(x));
        float[] input = GC.AllocateUninitializedArray<float>(Columns);
        x.CopyTo(input);
        float[] scores = GC.AllocateUninitializedArray<float>(Rows);
        bool small = Threads == 1 || (long)Rows * Columns * sizeof(ushort) < FanOutBytes;
        int chunks = small ? 1 : Math.Clamp(Rows / 16, 1, Threads * ChunksPerThread);
        if (chunks == 1) ScreenRows(input, scores, 0, Rows);
        else
            KernelWorkers.Run(chunks, Threads, c => ScreenRows(input, scores, (int)((long)Rows * c / chunks),
                (int)((long)Rows * (c + 1) / chunks)));
        return scores;
    }

    private unsafe void ScreenRows(float[] x, float[] scores, int first, int end)
    {
        fixed (ushort* w = _screen.Values)
        fixed (float* input = x, output = scores)
            ScreenDotKernels.Run(Path, w, input, Columns, output, first, end);
    }
}
