using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Tests.Optim;

/// <summary>
/// Seeded weights of three shapes and a seeded gradient for each weight and step, fed identically to the optimizers
/// a test compares (each on its own copy of the weights), with the learning rate changed every step as a schedule
/// does (so an optimizer that ignored its param group's rate would drift). Float64 weights show a one-ulp difference
/// in a double Scalar (an op done in another order) that float32 weights would round away.
/// </summary>
internal sealed class GradientFeed : IDisposable
{
    private static readonly long[][] Shapes = [[4, 3], [5], [2, 3, 2]];
    private readonly List<Tensor> _initial;
    private readonly List<Tensor[]> _gradients;

    public GradientFeed(int steps, ScalarType dtype = ScalarType.Float32, ulong seed = 17)
    {
        var generator = new Generator(seed);
        // Weights of the updates' size (lr = 0.01), so an update's last bits survive in the sum.
        _initial = Shapes.Select(s => randn(s, dtype, generator: generator).mul_(0.01)).ToList();
        _gradients = Enumerable.Range(0, steps)
            .Select(_ => Shapes.Select(s => randn(s, dtype, generator: generator)).ToArray())
            .ToList();
    }

    public int Steps => _gradients.Count;

    /// <summary>A fresh copy of the initial weights.</summary>
    public Parameter[] NewWeights() => _initial.Select(t => new Parameter(t.clone())).ToArray();

    /// <summary>Step <paramref name="step"/>'s rate: 0.01, 0.005, 0.0033, …</summary>
    public static double LearningRate(int step) => 0.01 / (step + 1);

    /// <summary>Sets the rate, gives every weight its gradient of <paramref name="step"/>, and steps.</summary>
    public void Step(OptimizerHelper optimizer, Parameter[] weights, int step)
    {
        using var scope = NewDisposeScope();
        foreach (var group in optimizer.ParamGroups) group.LearningRate = LearningRate(step);
        optimizer.zero_grad();
        for (int i = 0; i < weights.Length; i++) weights[i].mul(_gradients[step][i]).sum().backward();
        optimizer.step();
    }

    /// <summary>
    /// Runs <paramref name="reference"/> and <paramref name="candidate"/> (each built over its own copy of the weights)
    /// through every step, asserting bit-equal weights after each and moved weights at the end; then hands both
    /// optimizers to <paramref name="atEnd"/>.
    /// </summary>
    public void AssertSameSteps(Func<Parameter[], OptimizerHelper> reference,
        Func<Parameter[], OptimizerHelper> candidate, Action<OptimizerHelper, OptimizerHelper>? atEnd = null)
    {
        var expected = NewWeights();
        var actual = NewWeights();
        using var first = reference(expected);
        using var second = candidate(actual);
        for (int step = 0; step < Steps; step++)
        {
            Step(first, expected, step);
            Step(second, actual, step);
            AssertBitEqual(expected, actual);
        }
        AssertMoved(actual);
        atEnd?.Invoke(first, second);
    }

    /// <summary>Each of <paramref name="actual"/> has the bytes of its twin in <paramref name="expected"/>.</summary>
    public static void AssertBitEqual(Parameter[] expected, Parameter[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].Equals(actual[i]), $"weight {i} differs in value");
            Assert.Equal(expected[i].bytes.ToArray(), actual[i].bytes.ToArray());
        }
    }

    /// <summary>The weights left their initial values (a comparison of two idle optimizers proves nothing).</summary>
    private void AssertMoved(Parameter[] weights)
    {
        for (int i = 0; i < weights.Length; i++) Assert.False(_initial[i].Equals(weights[i]), $"weight {i} idle");
    }

    public void Dispose()
    {
        _initial.ForEach(t => t.Dispose());
        _gradients.ForEach(g => Array.ForEach(g, t => t.Dispose()));
    }
}
