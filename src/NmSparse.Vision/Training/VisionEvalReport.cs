using System.Globalization;

namespace NmSparse.Vision.Training;

/// <summary>A vision evaluation: mean cross-entropy and top-1 accuracy (percent) on <paramref name="Images"/> images.</summary>
public sealed record VisionEvalReport(string Split, long Step, double Loss, double Accuracy, int Images)
{
    /// <summary>The progress line, e.g. "valid @ step 600: loss 0.412 accuracy 85.20 % on 2000 images".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Split} @ step {Step + 1}: loss {Loss:F3} accuracy {Accuracy:F2} % on {Images} images");
}
