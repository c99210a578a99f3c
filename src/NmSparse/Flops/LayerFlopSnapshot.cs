namespace NmSparse.Flops;

/// <summary>One layer's accumulated FLOPs as plain numbers (part of a <see cref="FlopTotalsSnapshot"/>).</summary>
public sealed record LayerFlopSnapshot(
    string Layer,
    long Forward,
    long InputGrad,
    long WeightGrad,
    long DenseForward,
    long DenseInputGrad,
    long DenseWeightGrad);
