namespace NmSparse.Vision.Data;

/// <summary>What <c>nmsparse data --task fashion-mnist</c> builds and where.</summary>
/// <param name="OutputDirectory">Where the IDX files, the valid split and the manifest go.</param>
/// <param name="CacheDirectory">The Debian download cache (shared with the en-de corpus build).</param>
/// <param name="Seed">Seed of the stratified valid split.</param>
/// <param name="ValidImages">Training images held out for validation (a multiple of the 10 classes).</param>
/// <param name="Strict">Whether a package version other than the pinned one is an error (else a warning).</param>
public sealed record FashionMnistBuildOptions(
    string OutputDirectory,
    string CacheDirectory,
    int Seed = 1234,
    int ValidImages = 5000,
    bool Strict = false)
{
    /// <summary>The package version and file checksums to fetch.</summary>
    public FashionMnistPins Pins { get; init; } = FashionMnistPins.Bookworm;
}
