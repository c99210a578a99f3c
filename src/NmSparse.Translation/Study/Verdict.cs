namespace NmSparse.Translation.Study;

/// <summary>Whether a claim of the study holds on the runs at hand.</summary>
public enum Verdict
{
    Holds,
    DoesNotHold,
    CannotBeJudged,
}
