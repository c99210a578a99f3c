using System.Globalization;

namespace NmSparse.Translation.Data;

/// <summary>
/// Trains SentencePiece BPE models with Debian's <c>spm_train</c> (the pinned <see cref="DebianPins.Tools"/>,
/// <c>sentencepiece</c> and <c>libsentencepiece0</c>, fetched into the cache and run from there with
/// <c>LD_LIBRARY_PATH</c>; nothing is installed). Ids: pad 0, unk 1, bos 2, eos 3.
/// </summary>
public sealed class SentencePieceTrainer
{
    private readonly string _bin;
    private readonly Dictionary<string, string> _environment;

    private SentencePieceTrainer(IReadOnlyList<DebianPackage> packages)
    {
        Packages = packages;
        _bin = Path.Combine(packages[0].Root, "usr/bin");
        _environment = new Dictionary<string, string>
        {
            ["LD_LIBRARY_PATH"] = Path.Combine(packages[1].Root, "usr/lib/x86_64-linux-gnu"),
        };
    }

    /// <summary>The fetched packages with their exact versions.</summary>
    public IReadOnlyList<DebianPackage> Packages { get; }

    /// <summary>
    /// Fetches (or reuses from the cache) the SentencePiece tools: <paramref name="tools"/> lists the package with
    /// <c>spm_train</c> first, then its library.
    /// </summary>
    /// <exception cref="UserInputException">The packages cannot be fetched from the Debian archive.</exception>
    public static SentencePieceTrainer Fetch(DebianArchive archive, IReadOnlyList<PinnedPackage> tools)
    {
        try
        {
            archive.EnsureIndexes();
            return new SentencePieceTrainer(archive.Fetch(tools));
        }
        catch (UserInputException e)
        {
            throw new UserInputException(
                $"cannot fetch SentencePiece (Debian packages {string.Join(", ", tools.Select(t => t.Name))}) into " +
                $"{archive.CacheDirectory}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Trains a joint BPE model on all lines of <paramref name="inputs"/> and writes <paramref name="modelPath"/>
    /// (<c>….model</c>) and the matching <c>….vocab</c> atomically. spm_train runs in the model's directory with
    /// relative paths, because the model records them: the bytes then do not depend on where the corpus lives.
    /// Deterministic: fixed seed for the input shuffle, every sentence used, one thread (the BPE trainer of 0.1.97
    /// gains nothing from more, and the model records the thread count).
    /// </summary>
    public void Train(IReadOnlyList<string> inputs, string modelPath, int vocabSize, int seed)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        var name = Path.GetFileNameWithoutExtension(modelPath);
        var temporary = $"{name}.nmsparse-tmp";
        var relativeInputs = inputs.Select(i => Path.GetRelativePath(directory, Path.GetFullPath(i)));
        Spm("spm_train", [
            $"--input={string.Join(',', relativeInputs)}", $"--model_prefix={temporary}", $"--vocab_size={vocabSize}",
            "--model_type=bpe", "--character_coverage=1.0", "--pad_id=0", "--unk_id=1", "--bos_id=2", "--eos_id=3",
            "--input_sentence_size=2000000", "--shuffle_input_sentence=true", "--max_sentence_length=8192",
            $"--random_seed={seed.ToString(CultureInfo.InvariantCulture)}", "--num_threads=1", "--minloglevel=1",
        ], directory);
        File.Move(Path.Combine(directory, $"{temporary}.vocab"), Path.Combine(directory, $"{name}.vocab"), overwrite: true);
        File.Move(Path.Combine(directory, $"{temporary}.model"), modelPath, overwrite: true);
    }

    /// <summary>The ids <c>spm_encode --output_format=id</c> gives for each line (the reference encoder).</summary>
    public IReadOnlyList<int[]> EncodeReference(string modelPath, IReadOnlyList<string> lines)
    {
        var input = Path.Combine(Path.GetTempPath(), $"nmsparse-spm-{Environment.ProcessId}.txt");
        try
        {
            File.WriteAllLines(input, lines);
            var output = Spm("spm_encode", [$"--model={modelPath}", "--output_format=id", input]);
            return output.Split('\n').Take(lines.Count)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray())
                .ToList();
        }
        finally
        {
            File.Delete(input);
        }
    }

    private string Spm(string tool, IReadOnlyList<string> arguments, string? workingDirectory = null) =>
        ProcessRunner.Run(Path.Combine(_bin, tool), arguments, workingDirectory, _environment);
}
