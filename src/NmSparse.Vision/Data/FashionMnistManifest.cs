namespace NmSparse.Vision.Data;

/// <summary>manifest.json of a Fashion-MNIST data folder: where the files came from and how the split was made.</summary>
/// <param name="Package">Debian package name.</param>
/// <param name="Version">Its version as fetched.</param>
/// <param name="Files">IDX file name → SHA-256.</param>
/// <param name="Seed">Seed of the stratified valid split.</param>
/// <param name="ValidImages">Images held out of the 60,000 training images.</param>
/// <param name="TrainImages">Training images left.</param>
/// <param name="TestImages">Test images.</param>
/// <param name="ValidIndicesSha256">SHA-256 of valid-indices.txt.</param>
public sealed record FashionMnistManifest(
    string Package, string Version, IReadOnlyDictionary<string, string> Files, int Seed, int ValidImages,
    int TrainImages, int TestImages, string ValidIndicesSha256);
