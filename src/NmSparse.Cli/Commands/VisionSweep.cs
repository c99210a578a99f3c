using System.CommandLine;
using NmSparse.Vision.Study;
using NmSparse.Vision.Training;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse sweep --task vit-fashion ...`: the grid of vision runs (<see cref="VisionSweepPlan"/>), trained as a
/// translation sweep is (<see cref="SweepCommand.EmitOrTrain"/>: live table or plain lines, --jobs N child
/// processes, claims; each run's own lines go to its train.log), or emitted as jobs.
/// </summary>
internal static class VisionSweep
{
    public static int Run(ParseResult parse, SweepFlags flags, string root, TextWriter stdout)
    {
        string preset = parse.GetValue(flags.Preset) ?? "quick";
        var (config, manifest) = SweepCommand.Configure(parse, flags, preset, VisionPresets.Get(preset),
            TaskNames.Vision);
        string dataDir = Path.GetFullPath(parse.GetValue(flags.Data) ?? "data/fashion-mnist");
        var plan = VisionSweepPlan.Open(root, manifest, config.Training, config.Recipe, dataDir);
        return SweepCommand.EmitOrTrain(plan,
            VisionSweepPlan.InProcessLauncher(options => SweepCommand.ForSession(parse, flags, options)), parse,
            flags, TaskNames.Vision, stdout);
    }
}
