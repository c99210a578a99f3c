using System.Globalization;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Progress;

/// <summary>Progress as plain lines (for logs, CI and redirected output).</summary>
internal class PlainTrainingObserver : ITrainingObserver
{
    private readonly TextWriter _out;

    public PlainTrainingObserver(TextWriter output) => _out = output;

    public virtual void OnStart(long firstStep, long totalSteps) =>
        _out.WriteLine($"training steps {firstStep}..{totalSteps - 1}");

    public virtual void OnStep(StepReport r) => _out.WriteLine(Describe(r));

    public virtual void OnEval(EvalReport r) => _out.WriteLine(Describe(r));

    public virtual void OnMessage(string message) => _out.WriteLine(message);

    public static string Describe(StepReport r) => string.Create(CultureInfo.InvariantCulture,
        $"step {r.Step + 1}/{r.TotalSteps} loss {r.Loss:F3} lr {r.LearningRate:E2} {r.Throughput:F0} {r.Unit}/s " +
        $"{Sparsity(r, 3)} elapsed {r.Elapsed:hh\\:mm\\:ss} eta {r.Remaining:hh\\:mm\\:ss}");

    /// <summary>
    /// The step's phase, then its N:M and β (with <paramref name="betaDecimals"/> decimals) unless the phase is
    /// dense: a dense step (every step of the dense recipe) masks nothing, so it shows "dense" alone.
    /// </summary>
    protected static string Sparsity(StepReport r, int betaDecimals) => r.Phase == "dense"
        ? "dense"
        : $"{r.Phase} {r.Pattern} β={r.Beta.ToString($"F{betaDecimals}", CultureInfo.InvariantCulture)}";

    public static string Describe(EvalReport r)
    {
        string loss = double.IsNaN(r.Loss)
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $"loss {r.Loss:F3} ppl {r.Perplexity:F2} ");
        return string.Create(CultureInfo.InvariantCulture,
            $"{r.Split} @ step {r.Step + 1}: {loss}BLEU {r.Bleu:F2} on {r.Sentences} sentences " +
            $"(decoded in {r.DecodeTime.TotalSeconds:F1} s)");
    }
}
