using System.CommandLine;
using System.Globalization;
using NmSparse.Kernels;
using NmSparse.Translation.Deploy;
using NmSparse.Translation.Training;
using static TorchSharp.torch;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse export --run DIR --out FILE [--format nm|safetensors] [--dtype fp32|bf16] [--checkpoint last|best]`:
/// writes the trained, mask-baked model and prints its size against dense float32.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter stdout)
    {
        var runOption = RunOptions.Run();
        var checkpoint = RunOptions.Checkpoint();
        var output = new Option<string>("--out") { Description = "file to write", Required = true };
        var format = new Option<string>("--format")
        {
            Description = "nm (compressed N:M, docs/format.md) | safetensors (dense, zeros stored)",
            DefaultValueFactory = _ => "nm",
        };
        var dtype = new Option<string>("--dtype")
        {
            Description = "fp32 | bf16: values of the compressed layers (nm only)", DefaultValueFactory = _ => "fp32",
        };
        var command = new Command("export", "write a trained run as a compressed N:M file or a dense safetensors file")
        {
            runOption, output, format, dtype, checkpoint,
        };
        command.SetAction(parse =>
        {
            var exportFormat = parse.GetValue(format) switch
            {
                "nm" => ExportFormat.Nm,
                "safetensors" => ExportFormat.Safetensors,
                var other => throw new UserInputException($"--format: '{other}' is not one of nm, safetensors"),
            };
            var valueType = parse.GetValue(dtype) switch
            {
                "fp32" => NmValueType.Float32,
                "bf16" => NmValueType.BFloat16,
                var other => throw new UserInputException($"--dtype: '{other}' is not one of fp32, bf16"),
            };
            if (exportFormat == ExportFormat.Safetensors && valueType != NmValueType.Float32)
                throw new UserInputException("--dtype bf16 applies to --format nm only (safetensors is float32)");
            string file = parse.GetValue(output)!;
            using var trained = TrainedModel.Load(new RunDirectory(parse.GetValue(runOption)!),
                parse.GetValue(checkpoint)!, CPU);
            var sizes = ModelExporter.Export(trained, file, exportFormat, valueType);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {file} ({parse.GetValue(format)}, {parse.GetValue(dtype)}) from checkpoint " +
                $"{trained.Checkpoint} at step {trained.Step}"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sparsified layers: {sizes.SparseLayerBytes} bytes vs {sizes.SparseLayerDenseBytes} dense fp32 " +
                $"(ratio {sizes.SparseLayerRatio:F3})"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"file: {sizes.FileBytes} bytes vs {sizes.DenseFp32Bytes} dense fp32 (ratio {sizes.FileRatio:F3})"));
            return 0;
        });
        return command;
    }
}
