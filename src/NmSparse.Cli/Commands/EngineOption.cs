using System.CommandLine;
using NmSparse.Translation.Deploy;
using NmSparse.Translation.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Cli.Commands;

/// <summary>`--engine dense|sparse` of eval and translate: libtorch on the masked weights, or the N:M kernels.</summary>
internal static class EngineOption
{
    public static Option<string> Create() => new("--engine")
    {
        Description = "dense (libtorch, masked weights) | sparse (N:M kernels, CPU)", DefaultValueFactory = _ => "dense",
    };

    /// <summary>
    /// For "sparse", swaps the run's N:M layers for the kernels and names how many on <paramref name="stderr"/>;
    /// "dense" leaves the model as loaded.
    /// </summary>
    public static void Apply(ParseResult parse, Option<string> engine, TrainedModel trained, Device device,
        TextWriter stderr)
    {
        string name = parse.GetValue(engine)!;
        if (name == "dense") return;
        if (name != "sparse") throw new UserInputException($"--engine: '{name}' is not one of dense, sparse");
        if (device.type != DeviceType.CPU)
            throw new UserInputException($"--engine sparse runs on the CPU (device is {device.type}); pass --device cpu");
        var swapped = SparseEngine.Apply(trained);
        stderr.WriteLine($"sparse engine: {swapped.Count} layers on the N:M kernel");
    }
}
