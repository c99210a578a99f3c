using NmSparse.Recipes;
using NmSparse.Sparsity;
using NmSparse.Translation.Training;
using NmSparse.Vision.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Vision.Training;

/// <summary>
/// A trained ViT loaded from a run folder for evaluation: rebuilt from config.json with the same sparsified layers,
/// filled from the chosen checkpoint (<see cref="CheckpointChoice"/>) and finalized (final masks baked in).
/// </summary>
public sealed class TrainedVisionModel : IDisposable
{
    private TrainedVisionModel(VisionTransformer model, VisionRunConfig config, long step, string checkpoint)
    {
        Model = model;
        Config = config;
        Step = step;
        Checkpoint = checkpoint;
    }

    public VisionTransformer Model { get; }
    public VisionRunConfig Config { get; }

    /// <summary>Steps trained when the checkpoint was written.</summary>
    public long Step { get; }

    /// <summary>"last" or "best".</summary>
    public string Checkpoint { get; }

    public static TrainedVisionModel Load(RunDirectory run, string checkpoint, Device device)
    {
        var config = VisionRunConfig.Load(run);
        var recipe = RecipeRegistry.Create(config.Recipe);
        var (header, sections) = CheckpointChoice.Read(run, checkpoint, recipe);
        var model = new VisionTransformer(config.Training.Model);
        using var sparsifier = Sparsifier.Apply(model, recipe, config.Training.ToSparsifyOptions());
        using (var stream = new MemoryStream(sections["model"])) model.load(stream);
        sparsifier.BakeMasks();
        model.to(device);
        model.eval();
        return new TrainedVisionModel(model, config, header.NextStep, checkpoint);
    }

    public void Dispose() => Model.Dispose();
}
