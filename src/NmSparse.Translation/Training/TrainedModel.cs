using NmSparse.Translation.Data;
using NmSparse.Translation.Models;
using NmSparse.Recipes;
using NmSparse.Sparsity;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Training;

/// <summary>
/// A trained model loaded from a run folder for evaluation or translation: rebuilt from config.json with the same
/// sparsified layers, filled from a checkpoint, and finalized (final binary masks baked into the weights). "best"
/// is only ever a checkpoint with final masks (<see cref="FinalMaskSteps"/>), i.e. at the target sparsity.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    private TrainedModel(Seq2SeqTransformer model, SubwordTokenizer tokenizer, SavedRunConfig config, long step,
        string checkpoint)
    {
        Checkpoint = checkpoint;
        Model = model;
        Tokenizer = tokenizer;
        Config = config;
        Step = step;
    }

    public Seq2SeqTransformer Model { get; }
    public SubwordTokenizer Tokenizer { get; }
    public SavedRunConfig Config { get; }

    /// <summary>Steps trained when the checkpoint was written.</summary>
    public long Step { get; }

    /// <summary>"last" or "best".</summary>
    public string Checkpoint { get; }

    /// <param name="run">The run folder.</param>
    /// <param name="checkpoint">"last" or "best".</param>
    /// <param name="device">Where to put the model.</param>
    public static TrainedModel Load(RunDirectory run, string checkpoint, Device device)
    {
        var config = SavedRunConfig.Load(run);
        if (!File.Exists(run.Tokenizer))
            throw new UserInputException($"{run.Tokenizer}: tokenizer missing from the run");
        var tokenizer = SubwordTokenizer.Load(run.Tokenizer);
        var recipe = RecipeRegistry.Create(config.Recipe);
        var (header, sections) = CheckpointChoice.Read(run, checkpoint, recipe);
        var model = new Seq2SeqTransformer(TrainingSession.ModelConfig(config.Training, tokenizer));
        using var sparsifier = Sparsifier.Apply(model, recipe, config.Training.ToSparsifyOptions());
        using (var stream = new MemoryStream(sections["model"])) model.load(stream);
        sparsifier.BakeMasks();
        model.to(device);
        model.eval();
        return new TrainedModel(model, tokenizer, config, header.NextStep, checkpoint);
    }

    public void Dispose() => Model.Dispose();
}
