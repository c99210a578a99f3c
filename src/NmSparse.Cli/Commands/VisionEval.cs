using System.Globalization;
using NmSparse.Translation.Runtime;
using NmSparse.Translation.Training;
using NmSparse.Vision.Data;
using NmSparse.Vision.Training;

namespace NmSparse.Cli.Commands;

/// <summary>`nmsparse eval` of a vision run: top-1 accuracy and loss on the test or valid split.</summary>
internal static class VisionEval
{
    public static int Run(RunDirectory run, string checkpoint, string split, string? dataArgument, string device,
        TextWriter stdout)
    {
        if (split is not ("test" or "valid"))
            throw new UserInputException($"--split: '{split}' is not one of test, valid");
        var dev = TorchRuntime.ResolveDevice(device);
        using var trained = TrainedVisionModel.Load(run, checkpoint, dev);
        var data = FashionMnistData.Load(dataArgument ?? trained.Config.DataDir);
        var evaluator = new VisionEvaluator(trained.Model, PixelScale.Of(data.Train.Images), dev,
            trained.Config.Training.EvalBatchSize);
        var images = split == "test" ? data.Test : data.Valid;
        var report = evaluator.Evaluate(images, trained.Step - 1, images.Count);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{split}: {report.Images} images, top-1 accuracy {report.Accuracy:F2} %, loss {report.Loss:F3}, " +
            $"checkpoint {trained.Checkpoint} at step {trained.Step}"));
        return 0;
    }
}
