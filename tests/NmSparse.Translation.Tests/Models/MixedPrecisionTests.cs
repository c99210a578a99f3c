using NmSparse.Recipes;
using NmSparse.Sparsity;
using NmSparse.Translation.Models;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Models;

[Collection("Sequential")]
public class MixedPrecisionTests
{
    // bfloat16 keeps 8 significant bits (relative rounding up to 2^-9 ≈ 0.002 per operand) and the logits pass
    // through 11 rounded matrix products. Measured maximum differences with these seeds: 0.015 to 0.030; the
    // tolerance is twice the largest.
    private const double LogitTolerance = 0.06;

    /// <summary>The tiny model in training mode, sparsified by <paramref name="recipe"/> (at step 0) if set.</summary>
    private sealed class TinyRun : IDisposable
    {
        public TinyRun(string? recipe)
        {
            Model = TinyTransformer.Create(seed: 3);
            if (recipe is not null)
            {
                var settings = new RecipeSettings { Recipe = recipe, Steps = 10 };
                Sparsifier = Sparsifier.Apply(Model, RecipeRegistry.Create(settings));
                Sparsifier.Step(0);
            }
            Model.train();
        }

        public Seq2SeqTransformer Model { get; }
        public Sparsifier? Sparsifier { get; }

        public void Dispose()
        {
            Sparsifier?.Dispose();
            Model.Dispose();
        }
    }

    private static Tensor Logits(Seq2SeqTransformer model, ComputePrecision precision)
    {
        model.Precision = precision;
        manual_seed(5);
        return model.call(TinyTransformer.RandomIds(3, 7), TinyTransformer.RandomIds(3, 5));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("dense")]
    [InlineData("srste")]
    public void Forward_BFloat16Training_LogitsAreBFloat16AndCloseToFloat32(string? recipe)
    {
        using var scope = NewDisposeScope();
        using var run = new TinyRun(recipe);
        var model = run.Model;
        var full = Logits(model, ComputePrecision.Float32);
        var mixed = Logits(model, ComputePrecision.BFloat16);
        Assert.Equal(ScalarType.Float32, full.dtype);
        Assert.Equal(ScalarType.BFloat16, mixed.dtype);
        double diff = full.sub(mixed.to_type(ScalarType.Float32)).abs().max().item<float>();
        Assert.True(diff > 0, "bf16 logits equal fp32 ones: no bf16 product ran");
        Assert.True(diff <= LogitTolerance, $"max |fp32 − bf16 logit| {diff} > {LogitTolerance}");
    }

    [Fact]
    public void Forward_TrainingModeWithoutDropout_MatchesEvalModeFusedAttention()
    {
        // Training runs ExplicitAttention, evaluation libtorch's fused kernel: the same function up to rounding.
        using var scope = NewDisposeScope();
        using var run = new TinyRun("srste");
        var model = run.Model;
        var explicitAttention = Logits(model, ComputePrecision.Float32);
        model.eval();
        var fused = Logits(model, ComputePrecision.Float32);
        TinyTransformer.AssertClose(fused, explicitAttention, 1e-5);
    }

    [Fact]
    public void Forward_BFloat16EvalMode_EqualsFloat32BitForBit()
    {
        using var scope = NewDisposeScope();
        using var run = new TinyRun("srste");
        var model = run.Model;
        model.eval();
        var full = Logits(model, ComputePrecision.Float32);
        var mixed = Logits(model, ComputePrecision.BFloat16);
        Assert.Equal(ScalarType.Float32, mixed.dtype);
        Assert.Equal(0.0, full.sub(mixed).abs().max().item<float>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("srste")]
    public void Backward_BFloat16_ParametersAndGradientsStayFloat32(string? recipe)
    {
        using var scope = NewDisposeScope();
        using var run = new TinyRun(recipe);
        var model = run.Model;
        var logits = Logits(model, ComputePrecision.BFloat16);
        logits.to_type(ScalarType.Float32).square().mean().backward();
        var parameters = model.named_parameters().ToList();
        Assert.Equal(89, parameters.Count); // 1 embedding + 2 × 16 encoder + 2 × 26 decoder + 2 × 2 final norms
        Assert.All(parameters, p =>
        {
            Assert.Equal(ScalarType.Float32, p.parameter.dtype);
            Assert.NotNull(p.parameter.grad);
            Assert.Equal(ScalarType.Float32, p.parameter.grad!.dtype);
        });
    }
}
