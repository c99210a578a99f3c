using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Data;
using NmSparse.Translation.Tests.Training;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Deploy;

/// <summary>One tiny SR-STE 2:4 run (12 steps on the offline corpus), trained once for all deploy tests.</summary>
public sealed class TinyTrainedRun : IDisposable
{
    private readonly TinyCorpus _corpus = new();

    public TinyTrainedRun()
    {
        var options = TrainingPresets.Get("tiny") with
        {
            Steps = 12, EvalEvery = 6, CheckpointEvery = 6, EvalSentences = 4, BatchTokens = 64, Threads = 1,
            DenseSteps = 4, FineTuneSteps = 2,
        };
        var recipe = new RecipeSettings { Recipe = "srste", Pattern = new NmPattern(2, 4), Steps = options.Steps };
        var phased = options.WithPhases(recipe);
        Run = new RunDirectory(_corpus.RunPath("deploy"));
        Directory.CreateDirectory(Run.Root);
        // What `nmsparse train` writes besides the trainer's files: config.json and the tokenizer.
        new SavedRunConfig(options, phased, _corpus.Data).Save(Run);
        File.Copy(Path.Combine(_corpus.Data, "spm.model"), Run.Tokenizer);
        _ = new TranslationTrainer(
            new TrainingRequest(_corpus.Data, Run, options, phased, Resume: false),
            new QuietObserver()).Run();
        Folder = _corpus.Root;
    }

    public RunDirectory Run { get; }

    /// <summary>A scratch folder deleted with the run.</summary>
    public string Folder { get; }

    /// <summary>The test split's English sources, encoded with EOS as the decoders take them.</summary>
    public IReadOnlyList<int[]> TestSources(SubwordTokenizer tokenizer) =>
        TranslationData.Encode(tokenizer, "test", ParallelCorpus.Read(_corpus.Data, "test"), int.MaxValue).Sources;

    public void Dispose() => _corpus.Dispose();

    private sealed class QuietObserver : ITrainingObserver
    {
        public void OnStart(long firstStep, long totalSteps) { }
        public void OnStep(StepReport report) { }
        public void OnEval(EvalReport report) { }
        public void OnMessage(string message) { }
    }
}
