using System.Runtime.CompilerServices;
using NmSparse.Cli.Config;
using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Training;
using NmSparse.Vision.Training;

namespace NmSparse.Cli.Tests;

public class RunConfigLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nmsparse-cfg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static RunConfig<TrainingOptions> Defaults() => new(new RecipeSettings(), TrainingPresets.Get("tiny"));

    private string Write(string yaml)
    {
        string path = Path.Combine(_dir, "recipe.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void Apply_RecipeAndTrainingKeys_SetsBothRecords()
    {
        string path = Write("""
            recipe: mask-structure-decay
            pattern: "1:8"
            decay: discrete
            alpha: 0.25
            every: 100
            structure: custom
            custom_stages: ["7:8@0", "2:8@50"]
            training:
              steps: 300
              learning_rate: 0.002
              keep_dense: ["decoder.layers.0.*"]
              model:
                heads: 4
            """);
        var config = RunConfigLoader.Apply(Defaults(), path);
        Assert.Equal("mask-structure-decay", config.Recipe.Recipe);
        Assert.Equal(new NmPattern(1, 8), config.Recipe.Pattern);
        Assert.Equal("discrete", config.Recipe.Decay);
        Assert.Equal(0.25, config.Recipe.Alpha);
        Assert.Equal(100L, config.Recipe.Every);
        Assert.Equal([new(new NmPattern(7, 8), 0), new(new NmPattern(2, 8), 50)], config.Recipe.CustomStages!);
        Assert.Equal(300, config.Training.Steps);
        Assert.Equal(0.002, config.Training.LearningRate);
        Assert.Equal(["decoder.layers.0.*"], config.Training.KeepDense);
        Assert.Equal(4, config.Training.Model.Heads);
        Assert.Equal(32, config.Training.Model.DModel); // untouched preset value
    }

    [Fact]
    public void Apply_UnknownKey_ErrorNamesFileLineAndKey()
    {
        string path = Write("recipe: ste\nalpah: 0.1\n");
        var e = Assert.Throws<UserInputException>(() => RunConfigLoader.Apply(Defaults(), path));
        Assert.StartsWith($"{path}:2: unknown key 'alpah'", e.Message);
    }

    [Fact]
    public void Apply_BadValue_ErrorNamesFileLineAndKey()
    {
        string path = Write("training:\n  steps: many\n");
        var e = Assert.Throws<UserInputException>(() => RunConfigLoader.Apply(Defaults(), path));
        Assert.StartsWith($"{path}:2: key 'steps':", e.Message);
    }

    [Fact]
    public void Set_TrainingAndRecipeKeys_Override()
    {
        var config = RunConfigLoader.Set(Defaults(), "sr_ste_lambda=0.001");
        config = RunConfigLoader.Set(config, "training.seed=9");
        config = RunConfigLoader.Set(config, "batch_tokens=512");
        config = RunConfigLoader.Set(config, "model.feed_forward=96");
        Assert.Equal(0.001, config.Recipe.SrSteLambda);
        Assert.Equal(9, config.Training.Seed);
        Assert.Equal(512, config.Training.BatchTokens);
        Assert.Equal(96, config.Training.Model.FeedForward);
    }

    [Fact]
    public void Set_DecaySrSteLambda_ReachesTheDecayRecipe()
    {
        var config = RunConfigLoader.Set(Defaults(), "recipe=mask-decay");
        config = RunConfigLoader.Set(config, "decay_sr_ste_lambda=0.0002");
        Assert.Equal(2e-4, config.Recipe.DecaySrSteLambda);
        Assert.Equal(2e-4, RecipeRegistry.Create(config.Recipe with { Steps = 10 }).SrSteLambda);
    }

    [Fact]
    public void Apply_PhaseStepsZero_StayExplicitAndSwitchPhasesOff()
    {
        string path = Write("recipe: ste\ndense_steps: 0\nfine_tune_steps: 0\ntraining:\n  dense_fraction: 0.2\n");
        var config = RunConfigLoader.Apply(Defaults(), path);
        Assert.Equal((0L, 0L), (config.Training.DenseSteps, config.Training.FineTuneSteps));
        var phased = config.Training.WithPhases(config.Recipe);
        Assert.Equal((40L, 0L, 0L), (phased.Steps, phased.DenseSteps, phased.FineTuneSteps));
    }

    [Fact]
    public void Apply_PhaseStepsAbsent_StayUnsetAndFractionsApply()
    {
        var config = RunConfigLoader.Apply(Defaults(), Write("recipe: ste\ntraining:\n  dense_fraction: 0.2\n"));
        Assert.Equal((null, null), (config.Training.DenseSteps, config.Training.FineTuneSteps));
        var phased = config.Training.WithPhases(config.Recipe);
        Assert.Equal((40L, 8L, 4L), (phased.Steps, phased.DenseSteps, phased.FineTuneSteps));
    }

    [Fact]
    public void Set_PhaseKeys_GoToTheTrainingOptions()
    {
        var config = RunConfigLoader.Set(Defaults(), "steps=30");
        config = RunConfigLoader.Set(config, "dense_steps=5");
        config = RunConfigLoader.Set(config, "fine_tune_steps=0");
        Assert.Equal((30L, 5L, 0L), (config.Training.Steps, config.Training.DenseSteps, config.Training.FineTuneSteps));
        Assert.Equal((0L, 0L, 0L), (config.Recipe.Steps, config.Recipe.DenseSteps, config.Recipe.FineTuneSteps));
    }

    [Fact]
    public void Set_UnknownKey_Throws()
    {
        var e = Assert.Throws<UserInputException>(() => RunConfigLoader.Set(Defaults(), "wings=2"));
        Assert.StartsWith("--set wings: unknown key", e.Message);
    }

    [Fact]
    public void Set_DecoupledWeightDecay_SetsItForBothTasksAndTheDefaultIsTheL2Form()
    {
        Assert.False(Defaults().Training.DecoupledWeightDecay);
        Assert.True(RunConfigLoader.Set(Defaults(), "decoupled_weight_decay=true").Training.DecoupledWeightDecay);
        var vision = new RunConfig<VisionTrainingOptions>(new RecipeSettings(), VisionPresets.Get("tiny"));
        Assert.False(vision.Training.DecoupledWeightDecay);
        Assert.True(RunConfigLoader.Set(vision, "training.decoupled_weight_decay=yes").Training.DecoupledWeightDecay);
    }

    [Fact]
    public void Apply_DecoupledWeightDecayNotABool_ErrorNamesFileLineAndKey()
    {
        string path = Write("training:\n  weight_decay: 0.01\n  decoupled_weight_decay: maybe\n");
        var e = Assert.Throws<UserInputException>(() => RunConfigLoader.Apply(Defaults(), path));
        Assert.Equal($"{path}:3: key 'decoupled_weight_decay': 'maybe' is not true/false", e.Message);
    }

    [Theory]
    [InlineData("srste-2x4.yaml", "srste")]
    [InlineData("mask-decay-2x4.yaml", "mask-decay")]
    [InlineData("structure-decay-1x8.yaml", "structure-decay")]
    [InlineData("mask-structure-decay-1x8.yaml", "mask-structure-decay")]
    [InlineData("gmp-2x4-density.yaml", "gmp")]
    [InlineData("static-2x4.yaml", "static")]
    public void Apply_ShippedConfig_CreatesItsRecipe(string file, string recipe)
    {
        var config = RunConfigLoader.Apply(Defaults(), Path.Combine(RepoRoot(), "configs", file));
        var settings = (config.Training with { Steps = 1000 }).WithPhases(config.Recipe);
        Assert.Equal(recipe, RecipeRegistry.Create(settings).Name);
    }

    private static string RepoRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
