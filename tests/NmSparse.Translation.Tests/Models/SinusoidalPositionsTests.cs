using NmSparse.Translation.Models;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Models;

public class SinusoidalPositionsTests
{
    [Fact]
    public void Compute_RowsTwoToFour_MatchPaperFormula()
    {
        using var scope = NewDisposeScope();
        var table = SinusoidalPositions.Compute(2, 3, 16, float64, CPU);
        Assert.Equal(new long[] { 3, 16 }, table.shape);
        // Row 1 is position 3; columns 2 and 3 are i = 1, frequency 10000^(−2/16).
        double angle = 3 * Math.Pow(10000, -2.0 / 16);
        Assert.Equal(Math.Sin(2.0), table[0, 0].item<double>(), 12);
        Assert.Equal(Math.Cos(2.0), table[0, 1].item<double>(), 12);
        Assert.Equal(Math.Sin(angle), table[1, 2].item<double>(), 12);
        Assert.Equal(Math.Cos(angle), table[1, 3].item<double>(), 12);
    }

    [Fact]
    public void Compute_SinglePosition_EqualsSameRowOfLongerRange()
    {
        using var scope = NewDisposeScope();
        var full = SinusoidalPositions.Compute(0, 20, 16, float32, CPU);
        var single = SinusoidalPositions.Compute(13, 1, 16, float32, CPU);
        Assert.Equal(full.narrow(0, 13, 1).data<float>().ToArray(), single.data<float>().ToArray());
    }
}
