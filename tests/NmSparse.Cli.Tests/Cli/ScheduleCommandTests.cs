namespace NmSparse.Cli.Tests;

public class ScheduleCommandTests
{
    private static (int Code, string Out, string Err) Run(string args) => CliRunner.Run(args.Split(' '));

    private static string Csv(params string[] rows) =>
        "step,phase,n,m,beta\n" + string.Concat(rows.Select(r => r + "\n"));

    [Fact]
    public void Schedule_SteWithPhases_PrintsDenseSparseFinetuneRows()
    {
        var (code, output, error) = Run("schedule --recipe ste --nm 2:4 --steps 5 --dense-steps 1 " +
            "--finetune-steps 2 --csv");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(Csv("0,dense,4,4,1", "1,sparse,2,4,0", "2,sparse,2,4,0", "3,finetune,2,4,0",
            "4,finetune,2,4,0"), output);
    }

    [Fact]
    public void Schedule_MaskDecayLinear_PrintsBetaPerStep()
    {
        var (code, output, _) = Run("schedule --recipe mask-decay --nm 1:4 --steps 6 --dense-steps 1 " +
            "--decay linear --alpha 0.25 --csv");
        Assert.Equal(0, code);
        Assert.Equal(Csv("0,dense,4,4,1", "1,sparse,1,4,1", "2,sparse,1,4,0.75", "3,sparse,1,4,0.5",
            "4,sparse,1,4,0.25", "5,sparse,1,4,0"), output);
    }

    [Fact]
    public void Schedule_MaskDecayDefault_IsLinearReachingZeroHalfway()
    {
        var (_, output, _) = Run("schedule --recipe mask-decay --nm 2:4 --steps 4 --csv");
        Assert.Equal(Csv("0,sparse,2,4,1", "1,sparse,2,4,0.5", "2,sparse,2,4,0", "3,sparse,2,4,0"), output);
    }

    [Fact]
    public void Schedule_StructureDecayStepwise_TightensNm()
    {
        var (_, output, _) = Run("schedule --recipe structure-decay --nm 1:8 --steps 5 --finetune-steps 1 --csv");
        Assert.Equal(Csv("0,sparse,7,8,0", "1,sparse,4,8,0", "2,sparse,2,8,0", "3,sparse,1,8,0",
            "4,finetune,1,8,0"), output);
    }

    [Fact]
    public void Schedule_MaskStructureDecayGeometric_ShrinksGroupsAndDecaysBeta()
    {
        var (_, output, _) = Run("schedule --recipe mask-structure-decay --nm 2:4 --steps 4 --structure geometric " +
            "--frames 2 --decay discrete --alpha 0.5 --every 2 --csv");
        Assert.Equal(Csv("0,sparse,4,8,1", "1,sparse,4,8,1", "2,sparse,2,4,0.5", "3,sparse,2,4,0.5"), output);
    }

    [Fact]
    public void Schedule_StaticAfterDenseStep_PrunesOnceThenKeepsTheMask()
    {
        var (code, output, _) = Run("schedule --recipe static --nm 2:4 --steps 3 --dense-steps 1 --csv");
        Assert.Equal(0, code);
        Assert.Equal(Csv("0,dense,4,4,1", "1,sparse,2,4,0", "2,sparse,2,4,0"), output);
    }

    [Fact]
    public void Schedule_Dense_EveryRowDense()
    {
        var (_, output, _) = Run("schedule --recipe dense --nm 2:4 --steps 2 --csv");
        Assert.Equal(Csv("0,dense,4,4,1", "1,dense,4,4,1"), output);
    }

    [Theory]
    [InlineData("--recipe ste --nm 2:4 --steps 4 --decay linear --csv", "--decay does not apply to --recipe ste")]
    [InlineData("--recipe srste --nm 2:4 --steps 4 --alpha 0.1 --csv", "--alpha does not apply to --recipe srste")]
    [InlineData("--recipe mask-decay --nm 2:4 --steps 4 --structure stepwise --csv",
        "--structure does not apply to --recipe mask-decay")]
    [InlineData("--recipe static --nm 2:4 --steps 4 --frames 2 --csv", "--frames does not apply to --recipe static")]
    [InlineData("--recipe mask-decay --nm 2:4 --steps 4 --every 2 --csv",
        "--every applies only to --decay discrete (got --decay linear)")]
    [InlineData("--recipe structure-decay --nm 2:4 --steps 4 --frames 2 --csv",
        "--frames applies only to --structure geometric (got stepwise)")]
    [InlineData("--recipe ste --nm 4:4 --steps 4 --csv", "--nm: invalid N:M 4:4: N must be smaller than M")]
    [InlineData("--recipe ste --nm 0:4 --steps 4 --csv", "--nm: invalid N:M 0:4: N must be at least 1")]
    [InlineData("--recipe ste --nm 2:x --steps 4 --csv", "--nm: '2:x' is not an N:M pattern such as 2:4")]
    [InlineData("--recipe ste --nm 2:4 --steps 4 --dense-steps 3 --finetune-steps 2 --csv",
        "--dense-steps (3) + --finetune-steps (2) exceed --steps (4)")]
    [InlineData("--recipe ste --nm 2:4 --steps 0 --csv", "--steps: must be at least 1 (got 0)")]
    [InlineData("--recipe static --nm 2:4 --steps 4 --csv", "--dense-steps: must be at least 1 for the static " +
        "recipe (got 0): it prunes the weights of the dense phase once, at step D")]
    [InlineData("--recipe mask-decay --nm 2:4 --steps 4 --alpha 0 --csv",
        "--alpha: must be a positive number (got 0)")]
    [InlineData("--recipe mask-decay --nm 2:4 --steps 4 --decay discrete --every 0 --csv",
        "--every: must be at least 1 (got 0)")]
    [InlineData("--recipe structure-decay --nm 2:4 --steps 4 --structure geometric --frames 0 --csv",
        "--frames: geometric structure decay needs at least 1 frame (got 0)")]
    [InlineData("--recipe ste --nm 2:4 --steps 4", "schedule: add --csv (the only output format)")]
    public void Schedule_InvalidCombination_OneLineErrorExitCodeTwo(string args, string message)
    {
        var (code, output, error) = Run("schedule " + args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"nmsparse: error: {message}\n", error);
    }

    [Theory]
    [InlineData("--recipe gmp --nm 2:4 --steps 4 --csv",
        "--recipe: 'gmp' is not one of dense, static, ste, srste, mask-decay, structure-decay, mask-structure-decay, " +
        "s-ste, masked-decay, step-adam")]
    [InlineData("--recipe mask-decay --nm 2:4 --steps 4 --decay cosine --csv",
        "--decay: 'cosine' is not one of step, linear, exp, discrete")]
    [InlineData("--recipe structure-decay --nm 2:4 --steps 4 --structure custom --csv",
        "--structure: 'custom' is not one of stepwise, geometric")]
    public void Schedule_ValueNotAllowed_OneLineParseErrorExitCodeTwo(string args, string message)
    {
        var (code, output, error) = Run("schedule " + args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"nmsparse: error: {message}\n", error);
    }

    [Fact]
    public void Schedule_MissingSteps_ParseErrorExitCodeTwo()
    {
        var (code, output, error) = Run("schedule --recipe ste --nm 2:4 --csv");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("nmsparse: error: ", error);
    }
}
