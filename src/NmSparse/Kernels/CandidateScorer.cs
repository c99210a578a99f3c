namespace NmSparse.Kernels;

/// <summary>
/// Writes the exact float32 score of each row in <paramref name="rows"/> (ascending) into <paramref name="scores"/>
/// (same length): the scores whose arg-max <see cref="ScreenedArgMax"/> reproduces.
/// </summary>
public delegate void CandidateScorer(ReadOnlySpan<int> rows, Span<float> scores);
