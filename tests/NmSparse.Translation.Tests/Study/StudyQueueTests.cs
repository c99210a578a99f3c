using NmSparse.Masks;
using NmSparse.Translation.Study;

namespace NmSparse.Translation.Tests.Study;

public class StudyQueueTests
{
    private static readonly StudyGrid IssueGrid = new(
        ["dense", "static", "ste", "srste", "mask-decay", "structure-decay", "mask-structure-decay", "gmp"],
        [new NmPattern(2, 4), new NmPattern(1, 8), new NmPattern(1, 16)], 2);

    [Fact]
    public void Order_IssueGrid_RegimePairOfBothSeedsThenClaimCellsOfSeedOneThenTwoThenTheRest()
    {
        var order = StudyQueue.Order(IssueGrid.Cells(), IssueGrid).Select(c => c.Name).ToList();
        // Per seed: dense, 6 N:M recipes × 3 patterns, gmp at 3 densities.
        Assert.Equal(2 * (1 + 6 * 3 + 3), order.Count);
        string[] claims(int s) =>
        [
            $"mask-decay-1x8-s{s}", $"structure-decay-1x8-s{s}",
            $"mask-structure-decay-1x8-s{s}", $"gmp-d0.125-s{s}",
            $"srste-2x4-s{s}", $"mask-decay-2x4-s{s}", $"structure-decay-2x4-s{s}", $"mask-structure-decay-2x4-s{s}",
            $"gmp-d0.5-s{s}",
        ];
        string[] rest(int s) =>
        [
            $"static-2x4-s{s}", $"ste-2x4-s{s}", $"static-1x8-s{s}", $"ste-1x8-s{s}",
            $"static-1x16-s{s}", $"ste-1x16-s{s}", $"srste-1x16-s{s}", $"mask-decay-1x16-s{s}",
            $"structure-decay-1x16-s{s}", $"mask-structure-decay-1x16-s{s}", $"gmp-d0.0625-s{s}",
        ];
        string[] regime = ["dense-s1", "srste-1x8-s1", "dense-s2", "srste-1x8-s2"];
        Assert.Equal([.. regime, .. claims(1), .. claims(2), .. rest(1), .. rest(2)], order);
    }

    [Fact]
    public void Order_ThirdSeed_ComesAfterEverythingOfSeedsOneAndTwo()
    {
        var grid = new StudyGrid(["dense", "srste"], [new NmPattern(1, 8)], 3);
        Assert.Equal(["dense-s1", "srste-1x8-s1", "dense-s2", "srste-1x8-s2", "dense-s3", "srste-1x8-s3"],
            StudyQueue.Order(grid.Cells(), grid).Select(c => c.Name));
    }
}
