using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Tests.Masks;

public class ReferenceNmMaskTests
{
    [Fact]
    public void Compute_TwoByEightTwoFourWithTies_KeepsLargestAndLowerIndex()
    {
        using var w = tensor(new float[] { 1f, -5f, 3f, 2f, 4f, -4f, 4f, 0f }, new long[] { 1, 8 });

        using var mask = ReferenceNmMask.Compute(w, new NmPattern(2, 4));

        MaskAssert.Equal(new float[] { 0, 1, 1, 0, 1, 1, 0, 0 }, new long[] { 1, 8 }, mask);
    }

    [Fact]
    public void Compute_OutputAxis_GroupsAlongRows()
    {
        using var w = tensor(new float[] { 1f, -7f, 4f, 0f, -2f, 0f, 3f, 6f }, new long[] { 4, 2 });

        using var mask = ReferenceNmMask.Compute(w, new NmPattern(2, 4), GroupAxis.Output);

        MaskAssert.Equal(new float[] { 0, 1, 1, 0, 0, 0, 1, 1 }, new long[] { 4, 2 }, mask);
    }
}
