using NmSparse.Translation.Study;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Study;

public class RunProgressTests : IDisposable
{
    private readonly RunDirectory _run = new(Directory.CreateTempSubdirectory("nmsparse-progress-").FullName);

    public void Dispose() => Directory.Delete(_run.Root, recursive: true);

    [Fact]
    public void StepReached_NoMetrics_Zero() => Assert.Equal(0, RunProgress.StepReached(_run));

    [Fact]
    public void StepReached_LastTrainLineThenValidAndTornLine_StepAfterTheLastTrainLine()
    {
        File.WriteAllText(_run.Metrics,
            "{\"kind\":\"train\",\"step\":0,\"loss\":9.1}\n" +
            "{\"kind\":\"train\",\"step\":5,\"loss\":8.2}\n" +
            "{\"kind\":\"valid\",\"step\":9,\"bleu\":0.5}\n" +
            "{\"kind\":\"train\",\"step\":10,\"lo");
        Assert.Equal(6, RunProgress.StepReached(_run));
    }

    [Fact]
    public void StepReached_LongLog_ReadsTheTail()
    {
        var lines = Enumerable.Range(0, 5000).Select(s => $"{{\"kind\":\"train\",\"step\":{s},\"loss\":1.0}}\n");
        File.WriteAllText(_run.Metrics, string.Concat(lines));
        Assert.True(new FileInfo(_run.Metrics).Length > 64 * 1024);
        Assert.Equal(5000, RunProgress.StepReached(_run));
    }
}
