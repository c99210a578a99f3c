using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse;

/// <summary>
/// Scalars that live for the whole process. TorchSharp 0.107's <see cref="Scalar"/> frees its native value in a
/// finalizer, and a temporary one (an implicit double → Scalar, or the alpha = 1 that <c>Tensor.add(Tensor)</c> and
/// <c>add_(Scalar)</c> create inside TorchSharp) is unreachable once its handle is passed to native code: a garbage
/// collection during the call can free it, and libtorch then fails in <c>c10::Scalar::toFloat</c> ("Expected false to
/// be true"), which aborted a training run and failed a test. Static scalars are never collected; per-call values go
/// through <see cref="Hold"/>, whose <c>using</c> keeps them alive until the call has returned.
/// </summary>
public static class KeptScalars
{
    public static Scalar One { get; } = 1.0.ToScalar();

    public static Scalar Zero { get; } = 0.0.ToScalar();

    public static Scalar NegativeInfinity { get; } = double.NegativeInfinity.ToScalar();

    /// <summary><paramref name="value"/> as a Scalar the caller disposes (<c>using</c>) after the native call.</summary>
    public static Scalar Hold(double value) => value.ToScalar();
}
