namespace NmSparse.Translation.Study;

/// <summary>
/// What <see cref="RunClaims.TryClaim"/> found: the run is ours (<see cref="Claimed"/>), possibly after taking over
/// a stale claim (<see cref="TakenOver"/>, null for an unreadable one, see <see cref="TookOverStale"/>), or another
/// live process holds it (<see cref="Holder"/>, null while its claim is being written).
/// </summary>
public sealed record ClaimAttempt(bool Claimed, RunClaim? Holder, bool TookOverStale, RunClaim? TakenOver)
{
    public static ClaimAttempt Won(RunClaim? takenOver, bool tookOverStale) =>
        new(true, null, tookOverStale, takenOver);

    public static ClaimAttempt Busy(RunClaim? holder) => new(false, holder, false, null);

    /// <summary>The log line of a takeover, null when there was none.</summary>
    public string? TakeoverNote => !TookOverStale ? null
        : TakenOver is { } stale
            ? $"took over the stale claim of {stale.Describe()}: " +
              (stale.TrainerPid is null ? "that process is gone" : "those processes are gone")
        : "took over an unreadable stale claim";

    /// <summary>The status note of a run held elsewhere.</summary>
    public string ElsewhereNote => Holder is { } holder ? $"elsewhere, {holder.Describe()}" : "elsewhere";
}
