using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Tests.Masks;

/// <summary>
/// Masks of weights whose groups are M consecutive elements (grouped along the innermost dimension), which the CPU
/// selects a vector of groups at a time by in-group rotations, the groups after the last whole vector by the
/// general kernel. Checked by hand and against the sort-based reference, with ties, tails and split work.
/// </summary>
public class NmMaskConsecutiveGroupTests
{
    [Fact]
    public void Compute_OneVectorOfGroupsWithTies_LowerIndexWins()
    {
        // Two float vectors' worth (16 weights, 2:4): ties at the front, the back, across signs, and all zeros.
        using var w = tensor(new float[]
        {
            3f, -3f, 3f, 1f,    0f, 0f, 0f, 0f,   1f, 2f, -2f, 2f,   -0f, 0f, 5f, -0f,
        }, new long[] { 2, 8 });

        using var mask = NmMask.Compute(w, new NmPattern(2, 4));

        MaskAssert.Equal(new float[] { 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 0 }, new long[] { 2, 8 }, mask);
    }

    [Fact]
    public void Compute_GroupsOfTwoAndEight_KeepExpectedMembers()
    {
        // 1:2 keeps the larger of each pair (the first on a tie); 3:8 the three largest of eight.
        using var pairs = tensor(new float[] { 1f, -2f, 4f, 4f, -0.5f, 0.25f, 0f, -0f }, new long[] { 1, 8 });
        using var eights = tensor(new float[] { 0.1f, -7f, 2f, 2f, -3f, 0f, 2f, 1f }, new long[] { 1, 8 });

        using var pairMask = NmMask.Compute(pairs, new NmPattern(1, 2));
        using var eightMask = NmMask.Compute(eights, new NmPattern(3, 8));

        MaskAssert.Equal(new float[] { 0, 1, 1, 0, 1, 0, 1, 0 }, new long[] { 1, 8 }, pairMask);
        MaskAssert.Equal(new float[] { 0, 1, 1, 0, 1, 0, 0, 0 }, new long[] { 1, 8 }, eightMask);
    }

    [Theory]
    [InlineData(1, 2, ScalarType.Float32)]
    [InlineData(2, 4, ScalarType.Float32)]
    [InlineData(1, 8, ScalarType.Float32)]
    [InlineData(4, 8, ScalarType.Float32)]
    [InlineData(7, 8, ScalarType.Float32)]
    [InlineData(1, 2, ScalarType.Float64)]
    [InlineData(2, 4, ScalarType.Float64)]
    [InlineData(3, 4, ScalarType.Float64)]
    [InlineData(2, 4, ScalarType.BFloat16)]
    [InlineData(1, 8, ScalarType.BFloat16)]
    public void Compute_ManyTiesWithTail_MatchesSortBasedReference(int n, int m, ScalarType dtype)
    {
        // Values from {−2..2} tie in nearly every group. [3, 40] fills whole vectors; [5, 3M] leaves groups after
        // the last whole vector where the vector holds more than M values (M = 2 in either type, M = 4 in float).
        using var whole = MaskAssert.TiedWeights([3, 40], seed: 41, dtype);
        using var tail = MaskAssert.TiedWeights([5, 3 * m], seed: 42, dtype);

        MaskAssert.MatchesReference(whole, new NmPattern(n, m));
        MaskAssert.MatchesReference(tail, new NmPattern(n, m));
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(4, 8)]
    public void Compute_WorkSplitOffVectorBoundaries_MatchesSortBasedReference(int n, int m)
    {
        // 255 × 1032 = 263,160 weights: enough for several workers, whose ranges of groups do not start at a
        // multiple of the vector width.
        using var w = MaskAssert.TiedWeights([255, 1032], seed: 43, ScalarType.Float32, low: -3, high: 4);

        MaskAssert.MatchesReference(w, new NmPattern(n, m));
    }
}
