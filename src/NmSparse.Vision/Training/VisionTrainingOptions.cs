using NmSparse.Sparsity;
using NmSparse.Translation.Training;
using NmSparse.Vision.Models;

namespace NmSparse.Vision.Training;

/// <summary>
/// Everything that defines a vision training run apart from the recipe: the shared <see cref="TrainerOptions"/>
/// (steps, learning rate, phases, sparsified layers, cadence, seed, precision) plus the ViT shape, the batch size,
/// the augmentation switch and how many valid images the periodic validation scores. Adam(0.9, 0.999, 1e-8) with
/// linear warm-up and cosine decay (<see cref="WarmupCosineSchedule"/>), label-smoothed cross-entropy.
/// </summary>
public sealed record VisionTrainingOptions : TrainerOptions
{
    /// <summary>The Vision Transformer's shape.</summary>
    public VitConfig Model { get; init; } = new();

    /// <summary>Images per training step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Random 28×28 crops of the image padded by 2 pixels, and horizontal flips (deterministic per step).</summary>
    public bool Augment { get; init; } = true;

    /// <summary>Valid images the periodic validation scores (the first ones; the final one scores all).</summary>
    public int EvalImages { get; init; } = 5000;

    /// <summary>Images per forward pass in evaluation.</summary>
    public int EvalBatchSize { get; init; } = 500;

    /// <inheritdoc/>
    public override void Validate()
    {
        Model.Validate();
        Require(BatchSize >= 1, "batch_size", "must be positive");
        Require(EvalImages >= 1, "eval_images", "must be positive");
        Require(EvalBatchSize >= 1, "eval_batch_size", "must be positive");
        ValidateShared();
    }

    /// <summary>
    /// The shared selection, with the convolutional stem (<c>model.stem_channels</c>) always kept dense: its 3 × 3
    /// kernels have 9 weights per input channel, and the stem is a sliver of the model's FLOPs.
    /// </summary>
    public override SparsifyOptions ToSparsifyOptions()
    {
        var options = base.ToSparsifyOptions();
        return options with { KeepDense = [.. options.KeepDense, StemLayer] };
    }

    /// <summary>Name of the stem's convolution in <see cref="VisionTransformer"/>.</summary>
    public const string StemLayer = "stem";

    /// <summary>The learning-rate schedule of the run.</summary>
    public WarmupCosineSchedule LearningRateSchedule() => new(LearningRate, WarmupSteps, Steps);
}
