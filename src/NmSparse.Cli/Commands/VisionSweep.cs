using System.CommandLine;
using NmSparse.Cli.Progress;
using NmSparse.Translation.Study;
using NmSparse.Vision.Study;
using NmSparse.Vision.Training;

namespace NmSparse.Cli.Commands;

/// <summary>
/// `nmsparse sweep --task vit-fashion ...`: the grid of vision runs (<see cref="VisionSweepPlan"/>), trained one at a
/// time with one progress line per run (each run's own lines go to its train.log), or emitted as jobs.
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
        if (parse.GetValue(flags.Emit) is { } emit)
        {
            SweepCommand.CheckEmit(emit);
            plan.Prepare();
            return SweepCommand.Emit(root, plan.Runs().Where(r => r.Status != RunStatus.Done && !r.Diverged)
                .Select(r => r.Run.Root).ToList(), emit, SweepCommand.ExtraArguments(parse, flags), stdout);
        }
        using var logs = new TrainLogs();
        var runs = new VisionSweepRunner(plan, logs.Open, stdout.WriteLine, options => options with
        {
            Device = parse.GetValue(flags.Device) ?? options.Device,
            Threads = parse.GetValue(flags.Threads) ?? options.Threads,
        }).Run();
        int failed = runs.Count(r => r.Status == RunStatus.Failed);
        stdout.WriteLine($"{runs.Count(r => r.Status == RunStatus.Done)} of {runs.Count} runs done, {failed} " +
            $"failed; report: nmsparse report {root}");
        return failed == 0 ? 0 : 1;
    }
}
