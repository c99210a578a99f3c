using NmSparse.Masks;
using NmSparse.Recipes;
using ScottPlot;

namespace NmSparse.Translation.Study;

/// <summary>
/// The report's PNG plots (ScottPlot, rendered headless): test BLEU vs sparsity per recipe and vs training FLOPs
/// (means with seed std as error bars), β(t) and N:M(t) (as the kept fraction n/m) of each recipe's schedule, and
/// the valid loss curves of the lowest seed at each N:M. Returns (file name, caption) of each plot written.
/// </summary>
public static class ReportPlots
{
    private const int Width = 800;
    private const int Height = 500;

    public static IReadOnlyList<(string File, string Caption)> Write(StudyRuns runs, string outDir)
    {
        var written = new List<(string, string)>();
        void Save(Plot? plot, string file, string caption)
        {
            if (plot is null) return;
            plot.SavePng(Path.Combine(outDir, file), Width, Height);
            written.Add((file, caption));
        }
        Save(BleuVersusSparsity(runs), "bleu_vs_sparsity.png", "test BLEU vs sparsity (mean ± std over seeds)");
        Save(BleuVersusFlops(runs), "bleu_vs_flops.png", "test BLEU vs training FLOPs (means over seeds)");
        Save(Schedules(runs, (r, step) => r.StateAt(step).Beta, "β(t)"), "beta_schedule.png", "β(t) of each recipe");
        Save(Schedules(runs, KeptFraction, "kept fraction n/m of N:M(t)"), "nm_schedule.png",
            "N:M(t) of each recipe as the kept fraction n/m (gmp: its unstructured density)");
        foreach (var pattern in runs.Patterns)
        {
            string name = $"valid_loss_{pattern.N}x{pattern.M}.png";
            Save(ValidLoss(runs, pattern), name, $"valid loss during training at {pattern} (lowest seed)");
        }
        return written;
    }

    private static Plot? BleuVersusSparsity(StudyRuns runs)
    {
        var plot = new Plot();
        bool any = false;
        foreach (string recipe in runs.Recipes)
        {
            var points = Points(runs, recipe, p => p is null ? 0 : 1 - p.Value.Density);
            if (points.Count == 0) continue;
            any = true;
            double[] xs = points.Select(p => p.X).ToArray(), ys = points.Select(p => p.Mean).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = recipe;
            var bars = plot.Add.ErrorBar(xs, ys, points.Select(p => p.Std).ToArray());
            bars.Color = line.Color;
            if (recipe == "dense")
            {
                var level = plot.Add.HorizontalLine(ys[0]);
                level.Color = line.Color;
                level.LinePattern = LinePattern.Dashed;
            }
        }
        return Labelled(any ? plot : null, "test BLEU vs sparsity", "sparsity (1 − N/M)", "test BLEU");
    }

    private static Plot? BleuVersusFlops(StudyRuns runs)
    {
        var plot = new Plot();
        bool any = false;
        foreach (string recipe in runs.Recipes)
        {
            var points = Points(runs, recipe, p => runs.Stats(recipe, p, r => r.Result?.TrainingFlops)!.Value.Mean / 1e15);
            if (points.Count == 0) continue;
            any = true;
            var marks = plot.Add.ScatterPoints(points.Select(p => p.X).ToArray(), points.Select(p => p.Mean).ToArray());
            marks.LegendText = recipe;
            marks.MarkerSize = 9;
        }
        return Labelled(any ? plot : null, "test BLEU vs training FLOPs", "training FLOPs (10^15)", "test BLEU");
    }

    private static double KeptFraction(IRecipe recipe, long step) => recipe is GradualMagnitudeRecipe gmp
        ? gmp.DensitySchedule.DensityAt(step)
        : recipe.StateAt(step).Pattern.Density;

    private static Plot? Schedules(StudyRuns runs, Func<IRecipe, long, double> value, string what)
    {
        var plot = new Plot();
        bool any = false;
        foreach (string recipe in runs.Recipes)
        {
            var settings = Representative(runs, recipe);
            if (settings is null) continue;
            any = true;
            var schedule = RecipeRegistry.Create(settings);
            long steps = settings.Steps;
            long stride = Math.Max(1, steps / 400);
            var xs = new List<double>();
            var ys = new List<double>();
            for (long step = 0; step < steps; step += stride)
            {
                xs.Add((double)step / steps);
                ys.Add(value(schedule, step));
            }
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.LegendText = recipe == "dense" ? recipe : $"{recipe} {settings.Pattern}";
            line.MarkerSize = 0;
            line.ConnectStyle = ConnectStyle.StepHorizontal;
        }
        return Labelled(any ? plot : null, what, "training progress (step / steps)", what);
    }

    private static Plot? ValidLoss(StudyRuns runs, NmPattern pattern)
    {
        var plot = new Plot();
        bool any = false;
        foreach (string recipe in runs.Recipes)
        {
            var run = runs.Group(recipe, recipe == "dense" ? null : pattern).FirstOrDefault();
            var curve = run is null ? [] : ValidCurve.Read(run.Run);
            if (curve.Count == 0) continue;
            any = true;
            var line = plot.Add.Scatter(curve.Select(c => (double)c.Step).ToArray(),
                curve.Select(c => c.Loss).ToArray());
            line.LegendText = run!.Cell.Name;
        }
        return Labelled(any ? plot : null, $"valid loss at {pattern}", "steps trained", "valid loss");
    }

    /// <summary>Mean ± std test BLEU of <paramref name="recipe"/> at each pattern (dense: once) and its x.</summary>
    private static List<(double X, double Mean, double Std)> Points(StudyRuns runs, string recipe,
        Func<NmPattern?, double> x)
    {
        NmPattern?[] patterns = recipe == "dense" ? [null] : runs.Patterns.Select(p => (NmPattern?)p).ToArray();
        var points = new List<(double, double, double)>();
        foreach (var pattern in patterns)
        {
            if (runs.Stats(recipe, pattern, r => r.Result?.TestBleu) is { } stats)
                points.Add((x(pattern), stats.Mean, stats.Std));
        }
        return points;
    }

    /// <summary>The recipe settings of a run of <paramref name="recipe"/>, at 1:8 when there is one.</summary>
    private static RecipeSettings? Representative(StudyRuns runs, string recipe)
    {
        var withConfig = runs.All.Where(r => r.Cell.Recipe == recipe && r.Config is not null).ToList();
        var chosen = withConfig.FirstOrDefault(r => r.Cell.Pattern == new NmPattern(1, 8))
            ?? withConfig.FirstOrDefault();
        return chosen?.Config!.Recipe;
    }

    private static Plot? Labelled(Plot? plot, string title, string x, string y)
    {
        if (plot is null) return null;
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        // Beside the data, never over a point.
        plot.ShowLegend(Edge.Right);
        return plot;
    }
}
