using NmSparse.Schedules;
using static System.FormattableString;

namespace NmSparse.Recipes;

/// <summary>
/// A recipe's schedule in one line, from walking every step of it: each change of phase or N:M ("sparse 1:8 from
/// 0", "2:8 from 420", "fine-tune from 1260") and the step from which a decaying β is 0 ("β = 0 from 631"), e.g.
/// "sparse 1:8 from 0, β = 0 from 631, fine-tune from 1260". A dense recipe is "dense".
/// </summary>
public static class RecipeTimeline
{
    public static string Describe(IRecipe recipe)
    {
        var events = new List<string>();
        SparsityState? previous = null;
        for (long step = 0; step < recipe.Plan.TotalSteps; step++)
        {
            var state = recipe.StateAt(step);
            if (previous is not { } before || before.Phase != state.Phase)
                events.Add(Invariant($"{PhaseName(state.Phase)}{PatternOf(state)} from {step}"));
            else if (before.Pattern != state.Pattern)
                events.Add(Invariant($"{state.Pattern} from {step}"));
            else if (before.Beta > 0 && state.Beta == 0)
                events.Add(Invariant($"β = 0 from {step}"));
            previous = state;
        }
        return events.Count == 1 && previous?.Phase == TrainingPhase.Dense ? "dense" : string.Join(", ", events);
    }

    private static string PhaseName(TrainingPhase phase) => phase switch
    {
        TrainingPhase.Dense => "dense",
        TrainingPhase.Sparse => "sparse",
        _ => "fine-tune",
    };

    private static string PatternOf(SparsityState state) =>
        state.Phase == TrainingPhase.Sparse ? $" {state.Pattern}" : "";
}
