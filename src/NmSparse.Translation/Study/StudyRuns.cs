namespace NmSparse.Translation.Study;

/// <summary>The translation study's runs (<see cref="ScoredRuns{TRun}"/> over <see cref="StudyRun"/>).</summary>
public sealed class StudyRuns(IReadOnlyList<StudyRun> runs) : ScoredRuns<StudyRun>(runs);
