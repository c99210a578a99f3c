using NmSparse.Masks;

namespace NmSparse.Schedules;

/// <summary>One stage of a <see cref="CustomStructure"/>: <paramref name="Pattern"/> applies from sparse-phase step
/// <paramref name="StartStep"/> until the next stage starts.</summary>
public sealed record StructureStage(NmPattern Pattern, long StartStep);
