namespace NmSparse.Translation.Tests.Study;

/// <summary>A clock that always reads <paramref name="now"/> (UTC).</summary>
internal sealed class FixedClock(DateTime now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(now);
}
