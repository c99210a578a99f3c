namespace NmSparse.Export;

/// <summary>How a <see cref="StoredTensor"/> is kept in a model file.</summary>
public enum StoredTensorKind
{
    /// <summary>Every element, raw.</summary>
    Dense = 0,

    /// <summary>N kept values and packed positions per group of M (see docs/format.md).</summary>
    NmCompressed = 1,
}
