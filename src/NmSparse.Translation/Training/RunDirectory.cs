namespace NmSparse.Translation.Training;

/// <summary>The files of one run, all under one folder (e.g. runs/ste-2x4).</summary>
public sealed record RunDirectory(string Root)
{
    public string Config => Path.Combine(Root, "config.json");
    public string Tokenizer => Path.Combine(Root, "spm.model");
    public string LastCheckpoint => Path.Combine(Root, "checkpoint-last.ckpt");
    public string BestCheckpoint => Path.Combine(Root, "checkpoint-best.ckpt");
    public string Metrics => Path.Combine(Root, "metrics.jsonl");
    public string TensorBoard => Path.Combine(Root, "tensorboard");
    public string Result => Path.Combine(Root, "result.json");
    public string TestHypotheses => Path.Combine(Root, "test.hyp.de");

    /// <summary>True when the folder already holds a run that a new run would overwrite.</summary>
    public bool HoldsRun => File.Exists(Config) || File.Exists(LastCheckpoint);
}
