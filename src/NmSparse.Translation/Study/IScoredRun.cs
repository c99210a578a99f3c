namespace NmSparse.Translation.Study;

/// <summary>What the claims and mean tables of any task need from one run: its cell and status.</summary>
public interface IScoredRun
{
    StudyCell Cell { get; }
    RunStatus Status { get; }
}
