using NmSparse.Masks;
using NmSparse.Translation.Study;

namespace NmSparse.Translation.Tests.Study;

public class StudyGridTests
{
    [Fact]
    public void Cells_DenseAndGmp_DenseOncePerSeedGmpOncePerDensity()
    {
        var grid = new StudyGrid(["dense", "srste", "gmp"], [new NmPattern(2, 4), new NmPattern(4, 8)], 2);
        Assert.Equal(
            ["dense-s1", "srste-2x4-s1", "srste-4x8-s1", "gmp-d0.5-s1",
             "dense-s2", "srste-2x4-s2", "srste-4x8-s2", "gmp-d0.5-s2"],
            grid.Cells().Select(c => c.Name));
        Assert.Equal(new NmPattern(1, 2), grid.Cells()[3].Pattern);
    }

    [Fact]
    public void Union_MoreRecipesAndSeeds_KeepsOldCellsAndAddsNewOnes()
    {
        var first = new StudyGrid(["srste"], [new NmPattern(1, 8)], 1);
        var extended = first.Union(new StudyGrid(["srste", "ste"], [new NmPattern(2, 4)], 2));
        Assert.Equal(["srste", "ste"], extended.Recipes);
        Assert.Equal([new NmPattern(1, 8), new NmPattern(2, 4)], extended.Patterns);
        Assert.Equal(2, extended.Seeds);
        Assert.Empty(first.Cells().Except(extended.Cells()));
    }

    [Fact]
    public void Validate_UnknownRecipe_ErrorListsRegisteredNames()
    {
        var e = Assert.Throws<UserInputException>(() => new StudyGrid(["srste", "magic"], [new NmPattern(2, 4)], 1)
            .Validate());
        Assert.StartsWith("study grid: unknown recipe 'magic' (valid: dense, static, ste, srste,", e.Message);
    }

    [Fact]
    public void Validate_ZeroSeeds_Error()
    {
        var e = Assert.Throws<UserInputException>(() => new StudyGrid(["dense"], [], 0).Validate());
        Assert.Equal("study grid: seeds must be at least 1 (got 0)", e.Message);
    }
}
