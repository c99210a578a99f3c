using System.CommandLine;
using System.Globalization;
using NmSparse.Recipes;
using NmSparse.Schedules;
using static NmSparse.Cli.Commands.SettingNames;

namespace NmSparse.Cli.Commands;

/// <summary>
/// <c>nmsparse schedule --recipe R --nm N:M --steps S [--dense-steps D] [--finetune-steps F] [--decay K]
/// [--alpha A] [--every E] [--structure K] [--frames K] --csv</c>: prints what every step 0..S−1 trains with, as
/// the CSV header <c>step,phase,n,m,beta</c> and one row per step. A stable contract for scripts:
/// <list type="bullet">
/// <item>phase is dense | sparse | finetune; a dense-phase row (and every row of the dense recipe) has n = m = M and
/// beta = 1.</item>
/// <item>beta is 0 outside the dense phase for recipes without mask decay; n:m is the target for recipes without
/// structure decay.</item>
/// <item>beta is written with the invariant culture in .NET's shortest round-trip form ("R"): 1, 0.75, 0,
/// 0.006737946999085467, and E-notation such as 1E-05 below 1e-4 (parsed as is by float() / strtod).</item>
/// </list>
/// Options that do not apply to the recipe (e.g. --decay for ste) are errors (exit code 2); the values themselves are
/// checked by <see cref="RecipeSettings.Validate"/>, whose errors Program prints with these flags
/// (<see cref="SettingNames"/>).
/// </summary>
internal static class ScheduleCommand
{
    // GMP is unstructured: it has no N:M per step to print.
    private static readonly string[] Recipes = RecipeRegistry.Names.Where(name => name != "gmp").ToArray();

    // Options left out keep the library's defaults.
    private static readonly RecipeSettings Defaults = new();

    public static Command Create(TextWriter stdout)
    {
        var recipe = new Option<string?>(Flag(nameof(RecipeSettings.Recipe)))
        {
            Description = string.Join(" | ", Recipes), Required = true,
        };
        OneOf(recipe, Recipes);
        var nm = new Option<string>(Flag(nameof(RecipeSettings.Pattern)))
        {
            Description = "target N:M, e.g. 2:4", Required = true,
        };
        var steps = new Option<long>(Flag(nameof(RecipeSettings.Steps)))
        {
            Description = "total steps S", Required = true,
        };
        var denseSteps = new Option<long>(Flag(nameof(RecipeSettings.DenseSteps)))
        {
            Description = "dense warm-up steps D (default 0; at least 1 for static)",
        };
        var fineTuneSteps = new Option<long>(Flag(nameof(RecipeSettings.FineTuneSteps)))
        {
            Description = "fixed-mask steps F (default 0)",
        };
        var decay = new Option<string?>(Flag(nameof(RecipeSettings.Decay)))
        {
            Description = "mask decay β(t): step | linear | exp | discrete",
        };
        OneOf(decay, MaskDecaySchedules.Kinds);
        var alpha = new Option<double?>(Flag(nameof(RecipeSettings.Alpha)))
        {
            Description = "decay rate α (default depends on --decay)",
        };
        var every = new Option<long?>(Flag(nameof(RecipeSettings.Every)))
        {
            Description = "stair length of --decay discrete",
        };
        var structure = new Option<string?>(Flag(nameof(RecipeSettings.Structure)))
        {
            Description = "structure decay: stepwise | geometric",
        };
        OneOf(structure, ["stepwise", "geometric"]);
        var frames = new Option<int?>(Flag(nameof(RecipeSettings.Frames)))
        {
            Description = "frames of --structure geometric (default 4)",
        };
        var csv = new Option<bool>("--csv") { Description = "print CSV (the only output format)" };

        var command = new Command("schedule", "print the phase, N:M and β of every training step");
        foreach (Option option in new Option[]
            { recipe, nm, steps, denseSteps, fineTuneSteps, decay, alpha, every, structure, frames, csv })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            if (!parse.GetValue(csv)) throw new UserInputException("schedule: add --csv (the only output format)");
            var settings = Settings(
                parse.GetValue(recipe)!, parse.GetValue(nm)!, parse.GetValue(steps), parse.GetValue(denseSteps),
                parse.GetValue(fineTuneSteps), parse.GetValue(decay), parse.GetValue(alpha), parse.GetValue(every),
                parse.GetValue(structure), parse.GetValue(frames));
            Write(RecipeRegistry.Create(settings), stdout);
            return 0;
        });
        return command;
    }

    /// <summary>A one-line parse error (exit code 2) for a value outside <paramref name="values"/>.</summary>
    private static void OneOf(Option<string?> option, IReadOnlyList<string> values) =>
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !values.Contains(value))
                result.AddError($"{option.Name}: '{value}' is not one of {string.Join(", ", values)}");
        });

    private static RecipeSettings Settings(
        string recipe, string nm, long steps, long denseSteps, long fineTuneSteps, string? decay, double? alpha,
        long? every, string? structure, int? frames)
    {
        bool masks = RecipeRegistry.UsesMaskDecay(recipe);
        bool structures = RecipeRegistry.UsesStructureDecay(recipe);
        RejectUnless(masks, recipe, ("--decay", decay is not null), ("--alpha", alpha is not null),
            ("--every", every is not null));
        RejectUnless(structures, recipe, ("--structure", structure is not null), ("--frames", frames is not null));
        string decayKind = decay ?? Defaults.Decay;
        string structureKind = structure ?? Defaults.Structure;
        if (every is not null && decayKind != "discrete")
            throw new UserInputException($"--every applies only to --decay discrete (got --decay {decayKind})");
        if (alpha is not null && decayKind == "step")
            throw new UserInputException("--alpha does not apply to --decay step (β is 0 from the first sparse step)");
        if (frames is not null && structureKind != "geometric")
            throw new UserInputException($"--frames applies only to --structure geometric (got {structureKind})");
        return new RecipeSettings
        {
            Recipe = recipe,
            Pattern = ParsePattern(nm),
            Steps = steps,
            DenseSteps = denseSteps,
            FineTuneSteps = fineTuneSteps,
            Decay = decayKind,
            Alpha = alpha,
            Every = every,
            Structure = structureKind,
            Frames = frames ?? Defaults.Frames,
        };
    }

    private static void RejectUnless(bool applies, string recipe, params (string Option, bool Given)[] options)
    {
        if (applies) return;
        foreach (var (option, given) in options)
        {
            if (given) throw new UserInputException($"{option} does not apply to --recipe {recipe}");
        }
    }

    private static Masks.NmPattern ParsePattern(string text)
    {
        try
        {
            return NmPatternParser.Parse(text);
        }
        catch (UserInputException e)
        {
            throw new UserInputException($"--nm: {e.Message}", e);
        }
    }

    private static void Write(IRecipe recipe, TextWriter stdout)
    {
        stdout.WriteLine("step,phase,n,m,beta");
        for (long step = 0; step < recipe.Plan.TotalSteps; step++)
        {
            var state = recipe.StateAt(step);
            string phase = state.Phase switch
            {
                TrainingPhase.Dense => "dense",
                TrainingPhase.Sparse => "sparse",
                _ => "finetune",
            };
            string beta = state.Beta.ToString("R", CultureInfo.InvariantCulture);
            stdout.WriteLine($"{step},{phase},{state.Pattern.N},{state.Pattern.M},{beta}");
        }
    }
}
