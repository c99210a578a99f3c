using NmSparse.Cli.Config;
using NmSparse.Recipes;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Tests.Cli;

[Collection("Sequential")]
public class BenchCommandTests
{
    private static readonly string[] Tiny =
        ["bench", "step", "--preset", "tiny", "--vocab", "40", "--batch", "2", "--src-len", "5", "--tgt-len", "4",
            "--steps", "2", "--warmup", "1"];

    [Fact]
    public void Step_Csv_PrintsExactHeaderAndOneRowOfSevenFields()
    {
        var (code, stdout, stderr) = CliRunner.Run([.. Tiny, "--recipe", "srste", "--nm", "1:4", "--precision", "bf16",
            "--csv"]);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal("recipe,nm,precision,step_ms_median,step_ms_min,step_ms_max,tgt_tok_per_s", lines[0]);
        var fields = lines[1].Split(',');
        Assert.Equal(["srste", "1:4", "bf16"], fields[..3]);
        Assert.Equal(7, fields.Length);
        var numbers = fields[3..].Select(f => double.Parse(f, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        Assert.True(numbers[1] <= numbers[0] && numbers[0] <= numbers[2], lines[1]);
    }

    [Fact]
    public void Step_VersusCsv_RowOfEachRecipeWithRatioColumn()
    {
        var (code, stdout, stderr) = CliRunner.Run([.. Tiny, "--recipe", "srste", "--versus", "dense", "--csv"]);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("recipe,nm,precision,step_ms_median,step_ms_min,step_ms_max,tgt_tok_per_s,ratio_to_versus",
            lines[0]);
        Assert.Equal(["srste", "2:4", "fp32"], lines[1].Split(',')[..3]);
        Assert.True(double.Parse(lines[1].Split(',')[7], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(["dense", "2:4", "fp32"], lines[2].Split(',')[..3]);
        Assert.Equal("1.000", lines[2].Split(',')[7]);
    }

    [Fact]
    public void Step_ProfileTable_ListsStepTimeTokensAndEveryPart()
    {
        var (code, stdout, _) = CliRunner.Run([.. Tiny, "--profile"]);
        Assert.Equal(0, code);
        Assert.StartsWith(
            "dense 2:4, fp32, preset tiny: batch 2 × 5 source / 4 target tokens, vocab 40, 2 steps after 1 warm-up",
            stdout);
        Assert.Contains("target tok/s", stdout);
        foreach (var part in new[] { "mask update", "forward", "loss", "backward", "clip", "optimizer" })
            Assert.Contains($"  {part} ", stdout);
    }

    [Theory]
    [InlineData("--precision", "fp16", "--precision: 'fp16' is not one of fp32, bf16, auto")]
    [InlineData("--steps", "0", "--steps must be at least 1 (got 0)")]
    [InlineData("--batch", "-3", "--batch must be at least 1 (got -3)")]
    [InlineData("--warmup", "-1", "--warmup must not be negative (got -1)")]
    [InlineData("--recipe", "fast", "--recipe: 'fast' is not one of dense, static, ste, srste, mask-decay, " +
        "structure-decay, mask-structure-decay, gmp, s-ste, masked-decay, step-adam")]
    [InlineData("--preset", "huge", "unknown preset 'huge' (valid: reference, tiny, quick, study, base)")]
    [InlineData("--versus", "slow", "--versus: 'slow' is not one of dense, static, ste, srste, mask-decay, " +
        "structure-decay, mask-structure-decay, gmp, s-ste, masked-decay, step-adam")]
    [InlineData("--nm", "2-4", "'2-4' is not an N:M pattern such as 2:4")]
    public void Step_BadFlag_OneLineErrorAndExitCode2(string flag, string value, string message)
    {
        var (code, stdout, stderr) = CliRunner.Run("bench", "step", flag, value, "--csv");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"nmsparse: error: {message}\n", stderr);
    }

    [Fact]
    public void Set_Precision_IsARunConfigKey()
    {
        var config = new RunConfig<TrainingOptions>(new RecipeSettings(), TrainingPresets.Get("quick"));
        Assert.Equal("auto", config.Training.Precision);
        Assert.Equal("bf16", RunConfigLoader.Set(config, "precision=bf16").Training.Precision);
        Assert.Equal("fp32", RunConfigLoader.Set(config, "precision=fp32").Training.Precision);
    }
}
