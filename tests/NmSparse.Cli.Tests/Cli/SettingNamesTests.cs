using System.CommandLine;
using NmSparse.Cli.Commands;

namespace NmSparse.Cli.Tests;

public class SettingNamesTests
{
    private static readonly Command WithFlags = new("schedule")
    {
        new Option<long>("--dense-steps"), new Option<long>("--finetune-steps"), new Option<long>("--steps"),
    };

    [Fact]
    public void Rewrite_CommandWithTheFlags_NamesEverySettingByItsFlag()
    {
        string message =
            "RecipeSettings.DenseSteps (3) + RecipeSettings.FineTuneSteps (2) exceed RecipeSettings.Steps (4)";

        Assert.Equal("--dense-steps (3) + --finetune-steps (2) exceed --steps (4)",
            SettingNames.Rewrite(message, WithFlags));
    }

    [Fact]
    public void Rewrite_CommandWithoutTheFlag_UsesTheConfigKeyOrKeepsTheLibraryName()
    {
        var command = new Command("train") { new Option<string>("--nm") };

        Assert.Equal("dense_steps: must not be negative (got -1)",
            SettingNames.Rewrite("RecipeSettings.DenseSteps: must not be negative (got -1)", command));
        Assert.Equal("--nm: 4:4 prunes nothing; use N < M",
            SettingNames.Rewrite("RecipeSettings.Pattern: 4:4 prunes nothing; use N < M", command));
        Assert.Equal("layer fc …; use SparsifyOptions.KeepIncompatibleDense to keep it dense",
            SettingNames.Rewrite("layer fc …; use SparsifyOptions.KeepIncompatibleDense to keep it dense", command));
    }

    [Fact]
    public void Train_BadAlphaSet_ErrorNamesTheConfigKey()
    {
        string run = Path.Combine(Path.GetTempPath(), $"nmsparse-setting-{Guid.NewGuid():N}");
        var (code, output, error) = CliRunner.Run("train", "--preset", "tiny", "--recipe", "mask-decay", "--set",
            "alpha=0", "--out", run, "--data", "/nonexistent");

        Assert.Equal((2, ""), (code, output));
        Assert.Equal("nmsparse: error: alpha: must be a positive number (got 0)\n", error);
        Assert.False(Directory.Exists(run));
    }
}
