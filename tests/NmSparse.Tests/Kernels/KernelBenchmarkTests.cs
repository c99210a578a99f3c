using NmSparse.Kernels;
using NmSparse.Masks;

namespace NmSparse.Tests.Kernels;

public class KernelBenchmarkTests
{
    [Fact]
    public void ToCsv_Row_GivesHeaderColumnsInInvariantFormat()
    {
        var row = new KernelBenchmarkRow(new NmPattern(1, 8), 4096, 4096, 64, 3.5, 0.5);

        Assert.Equal("nm,d_in,d_out,batch,dense_ms,sparse_ms,speedup", KernelBenchmarkRow.CsvHeader);
        Assert.Equal("1:8,4096,4096,64,3.5000,0.5000,7.00", row.ToCsv());
    }

    [Fact]
    public void Validate_SizeNotDivisibleByM_NamesTheSetting()
    {
        var settings = new KernelBenchmarkSettings
        {
            Sizes = new[] { 1000 }, Patterns = new[] { new NmPattern(1, 16) },
        };

        var e = Assert.Throws<UserInputException>(settings.Validate);

        Assert.Equal("KernelBenchmarkSettings.Sizes: 1000 is not divisible by M of 1:16", e.Message);
    }

    [Fact]
    public void Run_OneSmallConfiguration_YieldsOneRowPerSizePatternAndBatch()
    {
        var settings = new KernelBenchmarkSettings
        {
            Sizes = new[] { 32 }, Batches = new[] { 1, 3 }, Patterns = new[] { new NmPattern(2, 4) },
            Repetitions = 1, Warmups = 0, Threads = 1,
        };

        KernelBenchmarkRow[] rows = KernelBenchmark.Run(settings).ToArray();

        Assert.Equal(new[] { (32, 32, 1), (32, 32, 3) }, rows.Select(r => (r.InFeatures, r.OutFeatures, r.Batch)));
        Assert.All(rows, r => Assert.Equal(new NmPattern(2, 4), r.Pattern));
    }
}
