using System.Text.Json;
using NmSparse.Translation.Runtime;
using NmSparse.Translation.Training;
using NmSparse.Vision.Training;

namespace NmSparse.Vision.Tests.Training;

public class VisionRunResultTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nmsparse-vision-result-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Write_VisionResult_KeysInTheVisionOrderWithTheSharedFieldsAmongThem()
    {
        var result = new VisionRunResult
        {
            Recipe = "srste", Pattern = "2:4", Preset = "tiny", Seed = 2, Steps = 8, TestAccuracy = 50, TestImages = 20,
            ValidAccuracy = 40, ValidLoss = 2.5, BestCheckpointStep = 8, BestCheckpointValidAccuracy = 30,
            TrainedImages = 64, ImagesPerSecond = 32, TrainingSeconds = 2, ValidationSeconds = 0.5,
            CheckpointSeconds = 0.25, FinalEvalSeconds = 0.125, Flops = new RunFlops(90, 100, 40, 50), Layers = [],
            CodeVersion = "abc", Machine = new MachineDescription("Some CPU", "AVX2", NativeBf16: null, 2),
        };
        string path = Path.Combine(_dir, "result.json");

        RunResults.Write(path, result);

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(["Task", "Recipe", "Pattern", "Preset", "Seed", "Steps", "TestAccuracy", "TestImages",
            "ValidAccuracy", "ValidLoss", "BestCheckpointStep", "BestCheckpointValidAccuracy", "TrainedImages",
            "ImagesPerSecond", "TrainingSeconds", "ValidationSeconds", "CheckpointSeconds", "FinalEvalSeconds", "Flops",
            "Layers", "CodeVersion", "Machine"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2.875, result.WallSeconds());
    }
}
