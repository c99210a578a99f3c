namespace NmSparse.Translation.Metrics;

/// <summary>
/// An n-gram of 1 to 4 token ids (ids ≥ 0), packed into two 64-bit words: each id is stored plus one so that
/// an unused slot (0) can never collide with a real token, which also keeps n-grams of different orders apart.
/// </summary>
internal readonly struct NgramKey : IEquatable<NgramKey>
{
    private readonly ulong _low;
    private readonly ulong _high;

    private NgramKey(ulong low, ulong high)
    {
        _low = low;
        _high = high;
    }

    /// <summary>The n-gram made of all of <paramref name="ids"/> (1 to 4 non-negative token ids).</summary>
    public static NgramKey Of(ReadOnlySpan<int> ids)
    {
        if (ids.Length is < 1 or > CorpusBleu.MaxOrder) throw new ArgumentOutOfRangeException(nameof(ids));
        ulong low = Slot(ids, 0) | (Slot(ids, 1) << 32);
        ulong high = Slot(ids, 2) | (Slot(ids, 3) << 32);
        return new NgramKey(low, high);
    }

    /// <summary>How many tokens the n-gram has (1 to 4).</summary>
    public int Order => (_high >> 32) != 0 ? 4 : _high != 0 ? 3 : (_low >> 32) != 0 ? 2 : 1;

    private static ulong Slot(ReadOnlySpan<int> ids, int index) => index < ids.Length ? (ulong)ids[index] + 1 : 0;

    public bool Equals(NgramKey other) => _low == other._low && _high == other._high;

    public override bool Equals(object? obj) => obj is NgramKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_low, _high);
}
