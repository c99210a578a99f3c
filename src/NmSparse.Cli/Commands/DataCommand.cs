using System.CommandLine;
using NmSparse.Translation.Data;
using NmSparse.Vision.Data;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse data`: builds the en-de corpus from Debian packages (or a user corpus), its splits and the
/// SentencePiece tokenizer; see <see cref="CorpusBuilder"/>.
/// </summary>
internal static class DataCommand
{
    public static Command Create(TextWriter stdout)
    {
        var task = new Option<string>("--task")
        {
            Description = "en-de (the translation corpus) | fashion-mnist (the vision data)",
            DefaultValueFactory = _ => "en-de",
        };
        var output = new Option<string?>("--out")
        {
            Description = "output directory (default data/en-de, fashion-mnist: data/fashion-mnist)",
        };
        var cache = new Option<string>("--cache")
        {
            Description = "download cache (apt lists, .deb files, unpacked packages)",
            DefaultValueFactory = _ => "data/.cache",
        };
        var tsv = new Option<string?>("--from-tsv") { Description = "user corpus: one 'English<TAB>German' pair a line" };
        var moses = new Option<string[]>("--from-moses")
        {
            Description = "user corpus: line-aligned English and German files",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        moses.HelpName = "EN_FILE DE_FILE";
        var strict = new Option<bool>("--strict")
        {
            Description = "fail on a malformed user-corpus line, or on a Debian package version or index that differs " +
                "from the pinned one (otherwise a warning)",
        };
        var vocabSize = new Option<int>("--vocab-size")
        {
            Description = "SentencePiece vocabulary size",
            DefaultValueFactory = _ => DataBuildOptions.DefaultVocabSize,
        };
        var seed = new Option<int>("--seed") { Description = "seed for splits and tokenizer", DefaultValueFactory = _ => 1234 };

        var command = new Command("data",
            "build the en-de corpus splits and the subword tokenizer, or the Fashion-MNIST data (--task fashion-mnist)")
        {
            task, output, cache, tsv, moses, strict, vocabSize, seed,
        };
        command.SetAction(parse =>
        {
            string name = parse.GetValue(task)!;
            if (name == "fashion-mnist")
            {
                foreach (Option option in new Option[] { tsv, moses, vocabSize })
                {
                    if (parse.GetResult(option) is { Implicit: false })
                        throw new UserInputException($"{option.Name} applies to --task en-de only");
                }
                new FashionMnistBuilder(new FashionMnistBuildOptions(parse.GetValue(output) ?? "data/fashion-mnist",
                    parse.GetValue(cache)!, parse.GetValue(seed), Strict: parse.GetValue(strict)),
                    line => stdout.WriteLine(line)).Build();
                return 0;
            }
            if (name != "en-de") throw new UserInputException($"--task: '{name}' is not one of en-de, fashion-mnist");
            var mosesFiles = parse.GetValue(moses);
            var options = new DataBuildOptions(
                parse.GetValue(output) ?? "data/en-de",
                parse.GetValue(cache)!,
                parse.GetValue(vocabSize),
                parse.GetValue(seed),
                parse.GetValue(tsv),
                mosesFiles is { Length: 2 } ? (mosesFiles[0], mosesFiles[1]) : null,
                parse.GetValue(strict));
            new CorpusBuilder(options, line => stdout.WriteLine(line)).Build();
            return 0;
        });
        return command;
    }
}
