using NmSparse.Masks;

namespace NmSparse.Schedules;

/// <summary>
/// A user-given sequence of N:M stages over the sparse phase. Each stage starts at a sparse-phase step t; the first
/// starts at 0 and starts strictly increase. The last stage's pattern is the target.
/// </summary>
public sealed class CustomStructure : IStructureSchedule
{
    private readonly StructureStage[] _stages;

    /// <summary>Throws <see cref="UserInputException"/> for no stages, a first stage not at 0, or non-increasing
    /// starts.</summary>
    public CustomStructure(IReadOnlyList<StructureStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Count == 0) throw new UserInputException("custom structure schedule needs at least one stage");
        if (stages[0].StartStep != 0)
            throw new UserInputException(
                $"custom structure schedule: the first stage must start at step 0 (got {stages[0].StartStep})");
        for (int i = 1; i < stages.Count; i++)
        {
            if (stages[i].StartStep <= stages[i - 1].StartStep)
                throw new UserInputException(
                    $"custom structure schedule: stage {i + 1} starts at step {stages[i].StartStep}, " +
                    $"not after stage {i} (step {stages[i - 1].StartStep})");
        }
        _stages = stages.ToArray();
    }

    /// <inheritdoc />
    public NmPattern Target => _stages[^1].Pattern;

    /// <summary>The stages in order.</summary>
    public IReadOnlyList<StructureStage> Stages => _stages;

    /// <inheritdoc />
    public NmPattern PatternAt(long t, long sparseLength)
    {
        int i = _stages.Length - 1;
        while (i > 0 && _stages[i].StartStep > t) i--;
        return _stages[i].Pattern;
    }
}
