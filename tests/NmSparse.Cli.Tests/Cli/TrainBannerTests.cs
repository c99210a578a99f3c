using NmSparse.Translation.Tests.Training;

namespace NmSparse.Cli.Tests;

/// <summary>The first line of `nmsparse train`: what runs (recipe, preset, precision, seed, threads) and where.</summary>
[Collection("Sequential")]
public class TrainBannerTests : IDisposable
{
    private readonly TinyCorpus _corpus = new();

    public void Dispose() => _corpus.Dispose();

    /// <summary>The first output line of a plain 2-step tiny run into runs/<paramref name="run"/>.</summary>
    private string FirstLine(string run, params string[] extra)
    {
        var train = CliRunner.Run(["train", "--preset", "tiny", "--steps", "2", "--plain", "--data", _corpus.Data,
            "--out", _corpus.RunPath(run), .. extra]);
        Assert.True(train.Code == 0, train.Err);
        return train.Out.Split('\n')[0];
    }

    [Fact]
    public void Train_NoRecipeFlag_FirstLineSaysTheDefaultRecipeRuns()
    {
        Assert.Equal($"run: recipe ste 2:4 (default recipe; choose with --recipe), preset tiny, precision fp32, " +
            $"seed 1, threads auto → {_corpus.RunPath("default")}", FirstLine("default"));
    }

    [Fact]
    public void Train_ExplicitRecipeNmSeedThreads_FirstLineNamesThem()
    {
        Assert.Equal($"run: recipe srste 1:4, preset tiny, precision fp32, seed 3, threads 1 → " +
                $"{_corpus.RunPath("srste")}",
            FirstLine("srste", "--recipe", "srste", "--nm", "1:4", "--seed", "3", "--threads", "1"));
    }

    [Fact]
    public void Train_RecipeChosenBySetToTheDefaultName_NotCalledDefault()
    {
        Assert.Equal($"run: recipe ste 2:4, preset tiny, precision fp32, seed 1, threads auto → " +
            $"{_corpus.RunPath("set")}", FirstLine("set", "--set", "recipe=ste"));
    }

    [Fact]
    public void Train_DenseRecipe_FirstLineSaysDenseWithoutNm()
    {
        Assert.Equal($"run: recipe dense, preset tiny, precision bf16, seed 1, threads auto → " +
            $"{_corpus.RunPath("dense")}", FirstLine("dense", "--recipe", "dense", "--set", "precision=bf16"));
    }

    [Fact]
    public void Train_Resume_FirstLineSaysResumingFromTheCheckpointStep()
    {
        var paused = CliRunner.Run("train", "--preset", "tiny", "--recipe", "srste", "--steps", "4", "--pause-at",
            "2", "--plain", "--data", _corpus.Data, "--out", _corpus.RunPath("resume"));
        Assert.True(paused.Code == 0, paused.Err);

        var resumed = CliRunner.Run("train", "--resume", "--threads", "1", "--plain", "--out",
            _corpus.RunPath("resume"));

        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Equal($"run: resuming recipe srste 2:4, preset tiny, precision fp32, seed 1, threads 1 → " +
            $"{_corpus.RunPath("resume")} from step 2", resumed.Out.Split('\n')[0]);
    }
}
