using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Study;
using NmSparse.Translation.Training;
using NmSparse.Vision.Study;
using NmSparse.Vision.Tests.Data;
using NmSparse.Vision.Training;

namespace NmSparse.Vision.Tests.Study;

public class VisionReportTests : IDisposable
{
    private readonly TinyFashion _data = new();

    public void Dispose() => _data.Dispose();

    private RunDirectory ConfiguredRun(string name, string recipe, int seed)
    {
        var options = VisionPresets.Get("tiny") with { Seed = seed };
        var run = new RunDirectory(_data.RunPath(name));
        new VisionRunConfig(options, options.WithPhases(new RecipeSettings { Recipe = recipe, Pattern = new NmPattern(1, 8) }),
            _data.Data).Prepare(run);
        return run;
    }

    [Fact]
    public void Collect_VisionRunFolders_AreVisionRunsAndNotTranslationRuns()
    {
        ConfiguredRun("b", "srste", 2);
        ConfiguredRun("a", "dense", 1);

        var vision = VisionReport.Collect([_data.Root]);

        Assert.Equal(["dense-s1", "srste-1x8-s2"], vision.Select(r => r.Cell.Name));
        Assert.All(vision, r => Assert.Equal(RunStatus.Pending, r.Status));
        Assert.Empty(RunCollector.Collect([_data.Root]));
    }

    [Fact]
    public void Table_PendingRun_HasEmptyScoreCells()
    {
        ConfiguredRun("a", "mask-decay", 3);

        string table = VisionReport.Table(VisionReport.Collect([_data.Root]));

        Assert.Contains("\n| mask-decay | 1:8 | 3 | pending |  |  |  |  |\n", table);
        Assert.Contains("0 of 1 runs finished.", table);
        Assert.EndsWith("- **cannot be judged** — at 2:4 every decay recipe is at most 0.5 points below dense: " +
            "no runs of dense, mask-decay 2:4\n", table);
    }
}
