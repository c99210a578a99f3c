using System.Text.Json.Serialization;

namespace NmSparse.Masks;

/// <summary>
/// An N:M structure: in every group of <see cref="M"/> consecutive weights at most <see cref="N"/> are non-zero.
/// Valid when 1 ≤ N &lt; M and M ≥ 2. N = M is used only internally for "dense" (see <see cref="Dense"/>).
/// </summary>
public readonly record struct NmPattern
{
    [JsonConstructor]
    public NmPattern(int n, int m)
    {
        if (m < 2) throw new UserInputException($"invalid N:M {n}:{m}: M must be at least 2");
        if (n < 1) throw new UserInputException($"invalid N:M {n}:{m}: N must be at least 1");
        if (n > m) throw new UserInputException($"invalid N:M {n}:{m}: N must not exceed M");
        N = n;
        M = m;
    }

    public int N { get; }
    public int M { get; }

    /// <summary>Fraction of weights kept, N/M.</summary>
    public double Density => (double)N / M;

    /// <summary>
    /// Weights an N:M mask keeps out of <paramref name="weights"/>: N in every group of M, so weights / M · N
    /// exactly. Throws <see cref="ArgumentException"/> when <paramref name="weights"/> is negative or not a multiple
    /// of M.
    /// </summary>
    public long KeptOf(long weights)
    {
        if (weights < 0 || weights % M != 0)
            throw new ArgumentException($"{weights} weights do not split into groups of {M}", nameof(weights));
        return checked(weights / M * N);
    }

    /// <summary>True when nothing is pruned (N = M).</summary>
    public bool IsDense => N == M;

    /// <summary>The all-kept pattern M:M for a group size M (used for the dense phase).</summary>
    public static NmPattern Dense(int m) => new(m, m);

    /// <summary>A sparse pattern: throws a one-line <see cref="UserInputException"/> unless 1 ≤ N &lt; M.</summary>
    public static NmPattern Sparse(int n, int m)
    {
        var p = new NmPattern(n, m);
        if (p.IsDense) throw new UserInputException($"invalid N:M {n}:{m}: N must be smaller than M");
        return p;
    }

    public override string ToString() => $"{N}:{M}";
}
