using NmSparse.Masks;
using NmSparse.Sparsity;
using static TorchSharp.torch;

namespace NmSparse.Tests.Sparsity;

[Collection("Sequential")]
public class OneShotPrunerTests
{
    [Theory]
    [InlineData(true, 12, new float[] { 0, 3, 4, 0 })]
    [InlineData(false, 9, new float[] { 4, 0, 1, 0 })]
    public void Prune_OneTwoWithAndWithoutPermutation_KeepsMoreMagnitudeAndSameChannels(
        bool permute, float expected, float[] fc2)
    {
        // fc1 rows [1,0], [0,1], [1,1], [2,0] with bias [.5,0,0,0]; x = [1, 2] → h = [1.5, 2, 3, 2];
        // fc2 = [4, 3 | 1, .5] keeps 4, 1 (y = 6 + 3); permuted [1, 3 | 4, .5] keeps old channels 1, 0 (y = 6 + 6).
        using var model = nn.Sequential(("fc1", nn.Linear(2, 4)), ("relu", nn.ReLU()),
            ("fc2", nn.Linear(4, 1, hasBias: false)));
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
        {
            parameters["fc1.weight"].copy_(tensor(new float[] { 1, 0, 0, 1, 1, 1, 2, 0 }, 4, 2));
            parameters["fc1.bias"].copy_(tensor(new float[] { 0.5f, 0, 0, 0 }));
            parameters["fc2.weight"].copy_(tensor(new float[] { 4, 3, 1, 0.5f }, 1, 4));
        }
        var log = new StringWriter();
        using var sparsifier = OneShotPruner.Prune(model, new OneShotPruneSettings
        {
            Pattern = new NmPattern(1, 2), PermutePairs = permute ? [("fc1", "fc2")] : [],
        }, new SparsifyOptions { Include = ["fc2"] }, log: log);

        using var y = model.call(tensor(new float[] { 1, 2 }, 1, 2));
        Assert.Equal(expected, y.item<float>());
        Assert.Equal(fc2, sparsifier.Layers.Single().Module.Weight.data<float>().ToArray());
        Assert.Equal(permute, log.ToString().Contains("permuted: fc1 → fc2: 1 swaps, kept magnitude 5 → 7"));
    }
}
