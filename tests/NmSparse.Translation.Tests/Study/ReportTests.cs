using NmSparse.Masks;
using NmSparse.Translation.Study;

namespace NmSparse.Translation.Tests.Study;

public class ReportTests : IDisposable
{
    private readonly SyntheticRuns _runs = new();

    public void Dispose() => _runs.Dispose();

    [Fact]
    public void Write_MergedFoldersWithUnfinishedRun_CsvHasEveryRunAndReportListsIt()
    {
        _runs.Add("here/dense-s1", "dense", new NmPattern(2, 4), 1, 10.5, validBleu: 9, flops: 2000);
        _runs.Add("cluster/x/srste-1x8-s1", "srste", new NmPattern(1, 8), 1, 8.25, validBleu: 7, flops: 1000);
        _runs.Add("cluster/y/srste-1x8-s2", "srste", new NmPattern(1, 8), 2, testBleu: null);
        string outDir = Path.Combine(_runs.Root, "report");

        string[] sources = [Path.Combine(_runs.Root, "here"), Path.Combine(_runs.Root, "cluster")];
        var written = StudyReport.Write(sources, outDir);

        var csv = File.ReadAllLines(written.Csv);
        Assert.Equal("run,status,recipe,nm,sparsity,seed,steps,test_bleu,valid_bleu,valid_perplexity," +
            "training_flops,flop_ratio_to_dense,wall_seconds,code_version,machine,folder,message", csv[0]);
        Assert.Equal(4, csv.Length);
        Assert.Equal("dense-s1,done,dense,dense,0,1,40,10.5,9,20,2000,1,71,abc123,Some CPU @ 2.80GHz (AVX2)," +
            Path.Combine(_runs.Root, "here", "dense-s1") + ",", csv[1]);
        Assert.StartsWith("srste-1x8-s1,done,srste,1:8,0.875,1,40,8.25,7,20,1000,0.5,71,abc123," +
            "Some CPU @ 2.80GHz (AVX2),", csv[2]);
        Assert.StartsWith("srste-1x8-s2,pending,srste,1:8,0.875,2,40,,,,,,,,,", csv[3]);
        string md = File.ReadAllText(written.Markdown);
        Assert.Contains("3 runs (1 pending, 2 done)", md);
        Assert.Contains("| srste |  | 8.25 ± 0.00 (n=1), 1 unfinished |", md);
        Assert.Contains("| srste-1x8-s2 | pending | 40 |", md);
        Assert.True(File.Exists(Path.Combine(outDir, "bleu_vs_sparsity.png")));
        Assert.Contains("![test BLEU vs sparsity (mean ± std over seeds)](bleu_vs_sparsity.png)", md);
    }

    [Fact]
    public void Collect_SameRunFinishedInTwoFolders_ErrorNamesBoth()
    {
        string a = _runs.Add("a/srste", "srste", new NmPattern(1, 8), 1, 8.0);
        string b = _runs.Add("b/srste", "srste", new NmPattern(1, 8), 1, 8.1);
        var e = Assert.Throws<UserInputException>(() => RunCollector.Collect([_runs.Root]));
        Assert.Equal($"run srste-1x8-s1 is finished in two folders ({a} and {b}); keep one", e.Message);
    }
}
