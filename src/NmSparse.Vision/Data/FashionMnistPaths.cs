namespace NmSparse.Vision.Data;

/// <summary>The files of a Fashion-MNIST data folder made by <see cref="FashionMnistBuilder"/>.</summary>
public sealed record FashionMnistPaths(string Directory)
{
    /// <summary>Training-image indices (one a line, ascending) that form the valid split.</summary>
    public string ValidIndices => Path.Combine(Directory, "valid-indices.txt");

    public string Manifest => Path.Combine(Directory, "manifest.json");

    /// <summary>One of the four IDX files, by its name in <see cref="FashionMnistPins"/>.</summary>
    public string File(string name) => Path.Combine(Directory, name);
}
