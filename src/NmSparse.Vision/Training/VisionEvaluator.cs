using NmSparse.Vision.Data;
using NmSparse.Vision.Models;
using static TorchSharp.torch;

namespace NmSparse.Vision.Training;

/// <summary>
/// Scores a model on a labelled split in evaluation mode (float32, no augmentation, no gradients): mean
/// cross-entropy without label smoothing and top-1 accuracy in percent.
/// </summary>
public sealed class VisionEvaluator(VisionTransformer model, PixelScale scale, Device device, int batchSize)
{
    /// <summary>Loss and accuracy on the first <paramref name="limit"/> images of <paramref name="split"/>.</summary>
    public VisionEvalReport Evaluate(LabeledImages split, long step, int limit)
    {
        var subset = limit >= split.Count ? split : split.Select(split.Name, Enumerable.Range(0, limit).ToArray());
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            double loss = 0;
            long correct = 0;
            foreach (var (images, labels) in ImageBatcher.InOrder(subset, batchSize, scale, device))
            {
                using var scope = NewDisposeScope();
                var logits = model.call(images);
                loss += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
                correct += logits.argmax(1).eq(labels).sum().item<long>();
            }
            return new VisionEvalReport(split.Name, step, loss / subset.Count, 100.0 * correct / subset.Count,
                subset.Count);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
