namespace NmSparse.Tests.Sparsity;

/// <summary>The hand-made 2×4 weight most sparsity tests use, with its 2:4 magnitude mask worked out by hand.</summary>
internal static class TwoByFourWeight
{
    /// <summary>Row-major [[1, −2, 3, −4], [0.5, 6, −7, 1]].</summary>
    public static readonly float[] Values = [1, -2, 3, -4, 0.5f, 6, -7, 1];

    /// <summary>2:4 along the input: row 0 keeps 3, −4; row 1 keeps 6, −7.</summary>
    public static readonly float[] Mask = [0, 0, 1, 1, 0, 1, 1, 0];

    /// <summary>Values ⊙ Mask.</summary>
    public static readonly float[] Masked = [0, 0, 3, -4, 0, 6, -7, 0];
}
