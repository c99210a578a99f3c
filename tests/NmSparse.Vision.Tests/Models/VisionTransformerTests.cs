using NmSparse.Recipes;
using NmSparse.Masks;
using NmSparse.Sparsity;
using NmSparse.Vision.Models;
using NmSparse.Vision.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Vision.Tests.Models;

[Collection("Sequential")]
public class VisionTransformerTests
{
    private static readonly VitConfig Tiny = VisionPresets.Get("tiny").Model;

    [Fact]
    public void Constructor_TinyPreset_HasExactParameterShapesAndCount()
    {
        using var model = new VisionTransformer(Tiny);
        var shapes = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

        Assert.Equal(new long[] { 16, 49 }, shapes["patch_embed.weight"]);
        Assert.Equal(new long[] { 1, 1, 16 }, shapes["cls_token"]);
        Assert.Equal(new long[] { 1, 17, 16 }, shapes["pos_embed"]);
        Assert.Equal(new long[] { 16, 16 }, shapes["encoder.layers.0.self_attn.q_proj.weight"]);
        Assert.Equal(new long[] { 32, 16 }, shapes["encoder.layers.0.ff1.weight"]);
        Assert.Equal(new long[] { 16, 32 }, shapes["encoder.layers.0.ff2.weight"]);
        Assert.Equal(new long[] { 16 }, shapes["encoder.norm.weight"]);
        Assert.Equal(new long[] { 10, 16 }, shapes["head.weight"]);
        // patch 49·16+16, cls 16, positions 17·16, attention 4·(16·16+16), ff 16·32+32 + 32·16+16, two block
        // LayerNorms 2·32, final LayerNorm 32, head 16·10+10.
        Assert.Equal(800 + 16 + 272 + 1088 + 544 + 528 + 64 + 32 + 170, model.parameters().Sum(p => p.numel()));
    }

    [Theory]
    [InlineData("quick", 634_410)] // stem 16·9 + 16, patch 784·128 + 128, 128 + 17·128 + 4·132,480 + 256 + 1,290
    [InlineData("base", 14_226_442)] // 6,528 + 384 + 50·384 + 8·1,774,464 + 768 + 3,850
    public void Constructor_Preset_HasTheDocumentedParameterCount(string preset, long count)
    {
        using var model = new VisionTransformer(VisionPresets.Get(preset).Model);

        Assert.Equal(count, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Forward_BatchOfThree_GivesThreeRowsOfTenFloat32Logits()
    {
        manual_seed(1);
        using var model = new VisionTransformer(Tiny);
        model.eval();

        using var logits = model.call(randn(3, 1, 28, 28));

        Assert.Equal(new long[] { 3, 10 }, logits.shape);
        Assert.Equal(ScalarType.Float32, logits.dtype);
    }

    [Fact]
    public void Patchify_FourByFourInTwoByTwoPatches_RowMajorPatchesOfRowMajorPixels()
    {
        using var model = new VisionTransformer(new VitConfig
        {
            ImageSize = 4, PatchSize = 2, DModel = 4, Heads = 1, FeedForward = 4, Layers = 1,
        });

        using var patches = model.Patchify(arange(16, ScalarType.Float32).view(1, 1, 4, 4));

        Assert.Equal(new float[] { 0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15 },
            patches.data<float>().ToArray());
        Assert.Equal(new long[] { 1, 4, 4 }, patches.shape);
    }

    [Fact]
    public void Patchify_OverlapOne_FourByFourWindowsStepTwoWithZeroBorder()
    {
        using var model = new VisionTransformer(new VitConfig
        {
            ImageSize = 4, PatchSize = 2, PatchOverlap = 1, DModel = 4, Heads = 1, FeedForward = 4, Layers = 1,
        });

        // Pixels 1 … 16 row by row; each window is rows 2i − 1 … 2i + 2 and columns 2j − 1 … 2j + 2, 0 outside.
        using var patches = model.Patchify(arange(1, 17, ScalarType.Float32).view(1, 1, 4, 4));

        Assert.Equal(new long[] { 1, 4, 16 }, patches.shape);
        Assert.Equal(new float[]
            {
                0, 0, 0, 0, /**/ 0, 1, 2, 3, /**/ 0, 5, 6, 7, /**/ 0, 9, 10, 11, // window (0, 0)
                0, 0, 0, 0, /**/ 2, 3, 4, 0, /**/ 6, 7, 8, 0, /**/ 10, 11, 12, 0, // (0, 1)
                0, 5, 6, 7, /**/ 0, 9, 10, 11, /**/ 0, 13, 14, 15, /**/ 0, 0, 0, 0, // (1, 0)
                6, 7, 8, 0, /**/ 10, 11, 12, 0, /**/ 14, 15, 16, 0, /**/ 0, 0, 0, 0, // (1, 1)
            },
            patches.data<float>().ToArray());
        Assert.Equal(16, model.Config.PatchInputs);
    }

    [Theory]
    [InlineData("cls", new float[] { 1, 2 })]
    [InlineData("mean", new float[] { 4, 5 })] // ((3 + 5) / 2, (4 + 6) / 2)
    public void Pooled_OneImageOfClassAndTwoPatchTokens_ReadsTheClassTokenOrThePatchMean(string pool, float[] expected)
    {
        using var model = new VisionTransformer(Tiny with { Pool = pool });

        using var pooled = model.Pooled(tensor(new float[] { 1, 2, 3, 4, 5, 6 }).view(1, 3, 2));

        Assert.Equal(expected, pooled.data<float>().ToArray());
        Assert.Equal(new long[] { 1, 2 }, pooled.shape);
    }

    [Fact]
    public void Constructor_ResidualInitGainHalf_HalvesOutProjAndFf2AndKeepsQAndFf1()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var plain = new VisionTransformer(Tiny).state_dict();
        manual_seed(7);
        var half = new VisionTransformer(Tiny with { ResidualInitGain = 0.5 }).state_dict();
        const string outProj = "encoder.layers.0.self_attn.out_proj.weight", ff2 = "encoder.layers.0.ff2.weight";
        const string qProj = "encoder.layers.0.self_attn.q_proj.weight", ff1 = "encoder.layers.0.ff1.weight";

        Assert.True(Identical(plain[outProj].mul(0.5), half[outProj]));
        Assert.True(Identical(plain[ff2].mul(0.5), half[ff2]));
        Assert.True(Identical(plain[qProj], half[qProj]));
        Assert.True(Identical(plain[ff1], half[ff1]));
        Assert.True(Identical(plain["head.weight"], half["head.weight"]));
    }

    private static bool Identical(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    [Fact]
    public void Validate_UnknownPool_NamesTheKeyAndTheChoices()
    {
        var e = Assert.Throws<UserInputException>(() => (Tiny with { Pool = "max" }).Validate());

        Assert.Equal("training option 'model.pool' must be cls or mean, got 'max'", e.Message);
    }

    [Fact]
    public void SparsifierApply_TinyPresetOptions_WrapsEveryEncoderProjectionWithItsRole()
    {
        using var model = new VisionTransformer(Tiny);
        var recipe = RecipeRegistry.Create(new RecipeSettings { Recipe = "srste", Pattern = new NmPattern(2, 4), Steps = 4 });

        using var sparsifier = Sparsifier.Apply(model, recipe, VisionPresets.Get("tiny").ToSparsifyOptions());

        Assert.Equal(new[]
            {
                "encoder.layers.0.ff1", "encoder.layers.0.ff2", "encoder.layers.0.self_attn.k_proj",
                "encoder.layers.0.self_attn.out_proj", "encoder.layers.0.self_attn.q_proj",
                "encoder.layers.0.self_attn.v_proj",
            },
            sparsifier.Layers.Select(l => l.Name).Order(StringComparer.Ordinal));
        Assert.Equal(LayerRole.Query, LayerRoles.Of("encoder.layers.0.self_attn.q_proj"));
    }

    [Fact]
    public void Validate_PatchNotDividingImage_NamesTheKey()
    {
        var e = Assert.Throws<UserInputException>(() => (Tiny with { PatchSize = 5 }).Validate());

        Assert.Equal("training option 'model.patch_size' 5 must divide model.image_size 28", e.Message);
    }

    [Fact]
    public void Validate_OverlapAsLargeAsThePatch_NamesTheKey()
    {
        var e = Assert.Throws<UserInputException>(() => (Tiny with { PatchOverlap = 7 }).Validate());

        Assert.Equal("training option 'model.patch_overlap' must be in [0, model.patch_size 7), got 7", e.Message);
    }

    [Fact]
    public void Forward_WithStem_PatchesOfTheStemsChannelsAndTheStemsParametersRegistered()
    {
        using var model = new VisionTransformer(Tiny with { StemChannels = 3 });
        model.eval();

        using var logits = model.call(randn(2, 1, 28, 28));

        Assert.Equal(new long[] { 2, 10 }, logits.shape);
        Assert.Equal(3 * 7 * 7, model.Config.PatchInputs);
        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("stem.weight", names);
        Assert.Equal(new long[] { 3, 1, 3, 3 }, model.named_parameters().Single(p => p.name == "stem.weight").parameter.shape);
        using var plain = new VisionTransformer(Tiny);
        Assert.DoesNotContain(plain.named_parameters(), p => p.name.StartsWith("stem", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NegativeStemChannels_NamesTheKey()
    {
        var e = Assert.Throws<UserInputException>(() => (Tiny with { StemChannels = -1 }).Validate());

        Assert.Equal("training option 'model.stem_channels' must not be negative (0: no stem), got -1", e.Message);
    }
}
