using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Sparsity;
using static TorchSharp.torch;

// A plain TorchSharp MLP learns a fixed linear map of random inputs while NmSparse makes its two hidden Linear layers
// 2:4 sparse (mask decay, then a fixed-mask fine-tune) and bakes the masks into the weights. It prints each layer's
// mask density and the training FLOPs against dense, and exits 0 only if every sparsified weight is 2:4.
// The lines between README:begin and README:end are the README's "The library in three lines" (scripts/sample.sh
// checks that they match).
const long Steps = 200;
manual_seed(1);
using var model = nn.Sequential(
    ("fc1", nn.Linear(16, 64)), ("relu1", nn.ReLU()),
    ("fc2", nn.Linear(64, 64)), ("relu2", nn.ReLU()),
    ("head", nn.Linear(64, 4)));
using var optimizer = optim.Adam(model.parameters(), 1e-2);
using var inputs = randn(256, 16);
using var targets = inputs.matmul(randn(16, 4));

// README:begin
var recipe = RecipeRegistry.Create(new RecipeSettings
    { Recipe = "mask-decay", Pattern = new NmPattern(2, 4), Steps = Steps, FineTuneSteps = 50 });
using var sparsifier = Sparsifier.Apply(model, recipe, new SparsifyOptions { KeepDense = ["head"] }, Console.Out);

for (long step = 0; step < Steps; step++)
{
    using var scope = NewDisposeScope();
    sparsifier.Step(step);              // before the forward pass: masks, β and N:M of this step
    optimizer.zero_grad();
    var loss = nn.functional.mse_loss(model.call(inputs), targets);
    loss.backward();
    optimizer.step();
    sparsifier.RecordStepFlops();       // after backward: this step's training FLOPs
}
sparsifier.BakeMasks();                 // bake the final binary masks into the weights
Console.WriteLine($"training FLOPs: {sparsifier.Flops.RatioToDense:F3} of dense");
// README:end

using (var loss = nn.functional.mse_loss(model.call(inputs), targets))
    Console.WriteLine($"loss of the baked model: {loss.item<float>():F4}");
foreach (var layer in sparsifier.Diagnostics())
    Console.WriteLine($"{layer.Name}: mask density {layer.Density:F3}, {layer.Pattern}");

// Checked on the baked weights with plain TorchSharp: at most 2 non-zeros in every 4 consecutive input weights.
int notTwoFour = 0;
foreach (var layer in sparsifier.Layers)
{
    using var weight = layer.Module.Weight.detach();
    using var nonZeros = weight.reshape(-1, 4).ne(0).sum(1);
    long most = nonZeros.max().item<long>();
    Console.WriteLine($"{layer.Name}: at most {most} non-zeros per group of 4");
    if (most > 2) notTwoFour++;
}
bool ok = sparsifier.Layers.Count == 2 && notTwoFour == 0;
Console.WriteLine(ok ? "every sparsified weight is 2:4" : $"FAILED: {notTwoFour} layers are not 2:4");
return ok ? 0 : 1;
