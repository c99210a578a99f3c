using NmSparse.Recipes;
using NmSparse.Sparsity;
using NmSparse.Translation.Data;
using NmSparse.Translation.Models;
using NmSparse.Translation.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Training;

/// <summary>
/// Opens a checkpoint the way a resumed run would (a fresh sparsified model and Adam filled from its sections) and
/// lists which of its tensors hold a NaN or ±inf, independently of the trainer's own guard.
/// </summary>
internal static class CheckpointTensors
{
    public static IReadOnlyList<string> NonFinite(string path, TrainingOptions options, RecipeSettings recipe,
        string tokenizerPath)
    {
        var (_, sections) = CheckpointHeader.Read(path);
        var tokenizer = SubwordTokenizer.Load(tokenizerPath);
        using var model = new Seq2SeqTransformer(TrainingSession.ModelConfig(options, tokenizer));
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(recipe), options.ToSparsifyOptions());
        using (var stream = new MemoryStream(sections["model"])) model.load(stream);
        using var adam = optim.Adam(model.parameters(), options.LearningRate, beta1: 0.9, beta2: 0.98, eps: 1e-9);
        using (var reader = new BinaryReader(new MemoryStream(sections["optimizer"]))) adam.load_state_dict(reader);

        var bad = model.state_dict().Where(kv => !Finite(kv.Value)).Select(kv => kv.Key).ToList();
        var states = adam.state_dict().State.Cast<Adam.State>().ToList();
        for (int i = 0; i < states.Count; i++)
        {
            if (!Finite(states[i].exp_avg)) bad.Add($"optimizer[{i}].exp_avg");
            if (!Finite(states[i].exp_avg_sq)) bad.Add($"optimizer[{i}].exp_avg_sq");
        }
        return bad;
    }

    private static bool Finite(Tensor t)
    {
        using var all = t.isfinite().all();
        return all.item<bool>();
    }
}
