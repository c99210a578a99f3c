using System.Buffers;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using NmSparse.Translation.Metrics;

namespace NmSparse.Cli.Commands;

/// <summary>
/// <c>nmsparse bleu HYP REF [REF2 ...] [--json]</c>: corpus BLEU of a detokenized hypothesis file against one or
/// more line-aligned reference files, the same number as <c>sacrebleu REF [REF2 ...] -i HYP</c> (2.4.3).
/// </summary>
/// <remarks>
/// Text output is two lines: sacreBLEU's <c>str(score)</c> (score with two decimals; sacreBLEU's own CLI prints
/// one and puts the signature in front, <c>BLEU|nrefs:1|…|version:2.4.3 = 38.0 …</c>) and the signature.
/// Files are read like sacreBLEU reads them: strict UTF-8, lines end at <c>\n</c> only, a byte-order mark is
/// kept as text, trailing whitespace (including <c>\r</c>) is stripped.
/// </remarks>
internal static class BleuCommand
{
    public static Command Create(TextWriter stdout)
    {
        var hypothesis = new Argument<string>("HYP") { Description = "Hypothesis file, one detokenized segment per line" };
        var references = new Argument<string[]>("REF")
        {
            Description = "Reference file(s), line-aligned with HYP",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print a JSON object instead of the two text lines" };
        var command = new Command("bleu", "Corpus BLEU (sacreBLEU 2.4.3 defaults: 13a, mixed case, exp smoothing)");
        command.Arguments.Add(hypothesis);
        command.Arguments.Add(references);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            string hypPath = parse.GetRequiredValue(hypothesis);
            string[] refPaths = parse.GetRequiredValue(references);
            BleuScore score = Run(hypPath, refPaths);
            if (parse.GetValue(json))
            {
                stdout.WriteLine(ToJson(score));
                return 0;
            }
            stdout.WriteLine(score.ToString());
            stdout.WriteLine(score.Signature);
            return 0;
        });
        return command;
    }

    private static BleuScore Run(string hypPath, string[] refPaths)
    {
        string[] hyps = ReadLines(hypPath);
        var refs = new List<IReadOnlyList<string>>(refPaths.Length);
        foreach (string path in refPaths)
        {
            string[] lines = ReadLines(path);
            if (lines.Length != hyps.Length)
            {
                throw new UserInputException(
                    $"line counts differ: {hypPath} has {hyps.Length} lines, {path} has {lines.Length}");
            }
            refs.Add(lines);
        }
        if (hyps.Length == 0) throw new UserInputException($"{hypPath}: no lines to score");
        return CorpusBleu.Compute(hyps, refs);
    }

    /// <summary>Python's <c>open(path, encoding='utf-8', newline='\n')</c> iterated line by line.</summary>
    private static string[] ReadLines(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"{path}: file not found");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"{path}: cannot read ({e.Message})", e);
        }

        var chars = new char[bytes.Length];
        OperationStatus status = Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            int line = 1 + bytes.AsSpan(0, read).Count((byte)'\n');
            throw new UserInputException($"{path}:{line}: not valid UTF-8 (byte offset {read})");
        }

        string[] lines = new string(chars, 0, written).Split('\n');
        // A final "\n" (or an empty file) leaves an empty last piece that Python does not yield as a line.
        return lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    private static string ToJson(BleuScore score)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("name", "BLEU");
            writer.WriteNumber("score", score.Score);
            writer.WriteStartArray("precisions");
            foreach (double p in score.Precisions) writer.WriteNumberValue(p);
            writer.WriteEndArray();
            WriteInts(writer, "counts", score.Counts);
            WriteInts(writer, "totals", score.Totals);
            writer.WriteNumber("bp", score.BrevityPenalty);
            writer.WriteNumber("ratio", score.Ratio);
            writer.WriteNumber("hyp_len", score.HypLength);
            writer.WriteNumber("ref_len", score.RefLength);
            writer.WriteNumber("nrefs", score.ReferenceCount);
            writer.WriteString("signature", score.Signature);
            writer.WriteString("text", score.ToString());
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteInts(Utf8JsonWriter writer, string name, IReadOnlyList<int> values)
    {
        writer.WriteStartArray(name);
        foreach (int v in values) writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }
}
