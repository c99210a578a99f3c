using System.Runtime.CompilerServices;

namespace NmSparse.Translation.Tests.Training;

/// <summary>
/// A corpus folder in a temporary directory built from the golden tiny tokenizer's own sentences, so training
/// tests run offline in seconds.
/// </summary>
internal sealed class TinyCorpus : IDisposable
{
    public TinyCorpus()
    {
        Root = Directory.CreateTempSubdirectory("nmsparse-tiny-").FullName;
        Data = Path.Combine(Root, "data");
        Directory.CreateDirectory(Data);
        string golden = GoldenFolder();
        var lines = File.ReadAllLines(Path.Combine(golden, "tiny_corpus.txt"));
        var en = lines.Where((_, i) => i % 2 == 0).ToArray();
        var de = lines.Where((_, i) => i % 2 == 1).ToArray();
        Write("train", Enumerable.Repeat(en, 6).SelectMany(x => x), Enumerable.Repeat(de, 6).SelectMany(x => x));
        Write("valid", en.Take(4), de.Take(4));
        Write("test", en.Skip(4).Take(4), de.Skip(4).Take(4));
        File.Copy(Path.Combine(golden, "tiny_spm.model"), Path.Combine(Data, "spm.model"));
    }

    public string Root { get; }
    public string Data { get; }

    public string RunPath(string name) => Path.Combine(Root, "runs", name);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string GoldenFolder([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Data", "golden");

    private void Write(string split, IEnumerable<string> en, IEnumerable<string> de)
    {
        File.WriteAllLines(Path.Combine(Data, $"{split}.en"), en);
        File.WriteAllLines(Path.Combine(Data, $"{split}.de"), de);
    }
}
