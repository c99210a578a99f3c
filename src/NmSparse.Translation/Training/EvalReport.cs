namespace NmSparse.Translation.Training;

/// <summary>A validation (or final test) evaluation.</summary>
public sealed record EvalReport(string Split, long Step, double Loss, double Perplexity, double Bleu, int Sentences,
    TimeSpan DecodeTime);
