using NmSparse.Translation.Data;
using NmSparse.Translation.Models;
using TorchSharp;
using NmSparse.Sparsity;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Translation.Training;

/// <summary>
/// The state of a translation run (<see cref="RunSession{TModel}"/> with the Transformer), built fresh (seeded) or
/// from the last checkpoint of the run directory.
/// </summary>
public sealed class TrainingSession : RunSession<Seq2SeqTransformer>
{
    private TrainingSession(Seq2SeqTransformer model, Sparsifier sparsifier, OptimizerHelper optimizer)
        : base(model, sparsifier, optimizer)
    {
    }

    public static TrainingSession Create(TrainingRequest request, TranslationData data, Device device,
        ITrainingObserver observer)
    {
        var options = request.Options;
        manual_seed(options.Seed);
        var config = ModelConfig(options, data.Tokenizer);
        var model = new Seq2SeqTransformer(config) { Precision = options.ParsePrecision() };
        model.to(device);
        var sparsifier = ApplySparsifier(model, request.Recipe, options, observer);
        var optimizer = CreateOptimizer(model, sparsifier, options);
        var session = new TrainingSession(model, sparsifier, optimizer);
        if (request.Resume) session.Load(request.Run.LastCheckpoint, observer);
        return session;
    }

    /// <summary>
    /// Adam(0.9, 0.98, 1e-9) over every parameter with the options' learning rate and weight decay, or the recipe's
    /// own optimizer with those settings (STEP's frozen-second-moment Adam for "step-adam").
    /// </summary>
    public static OptimizerHelper CreateOptimizer(Seq2SeqTransformer model, Sparsifier sparsifier,
        TrainingOptions options) => CreateOptimizer(model, sparsifier, options, beta2: 0.98, eps: 1e-9);

    /// <summary>The Transformer shape for these options and this tokenizer.</summary>
    public static TransformerConfig ModelConfig(TrainingOptions options, SubwordTokenizer tokenizer) =>
        options.Model with
    {
        VocabSize = tokenizer.VocabSize,
        MaxLength = Math.Max(options.MaxTokens + 2, options.Model.MaxLength),
        PadId = tokenizer.PadId,
        BosId = tokenizer.BosId,
        EosId = tokenizer.EosId,
    };
}
