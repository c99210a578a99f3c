using System.Globalization;

namespace NmSparse.Translation.Study;

/// <summary>
/// RUN/claim.json: the sweep process training the run (host, pid, when it claimed the run) and, when the run trains
/// in a child process, that process's pid and when it was recorded. See <see cref="RunClaims"/>.
/// </summary>
public sealed record RunClaim(string Host, int Pid, DateTime Started, int? TrainerPid = null,
    DateTime? TrainerStarted = null)
{
    /// <summary>"host pid 123 (trainer pid 456) since 2026-12-02 01:00:00Z".</summary>
    public string Describe() => $"{Host} pid {Pid}" + (TrainerPid is { } t ? $" (trainer pid {t})" : "") +
        " since " + Started.ToString("u", CultureInfo.InvariantCulture);
}
