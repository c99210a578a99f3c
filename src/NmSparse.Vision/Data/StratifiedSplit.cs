namespace NmSparse.Vision.Data;

/// <summary>
/// Carves a validation split out of a training split: the same number of images of every class, each class's
/// images shuffled by <see cref="Random"/> seeded with (seed, class) and the first ones taken. The result is a
/// pure function of the labels, the count and the seed (sorted ascending), so it is the same on any machine.
/// </summary>
public static class StratifiedSplit
{
    /// <summary>
    /// Indices of <paramref name="count"/> images, <paramref name="count"/> / <paramref name="classes"/> of each
    /// class, sorted ascending.
    /// </summary>
    public static int[] Choose(IReadOnlyList<byte> labels, int count, int classes, int seed)
    {
        if (count <= 0 || count % classes != 0)
            throw new UserInputException($"valid images: {count} is not a positive multiple of {classes} classes");
        int perClass = count / classes;
        var chosen = new List<int>(count);
        for (int c = 0; c < classes; c++)
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToArray();
            if (members.Length <= perClass)
                throw new UserInputException(
                    $"valid images: class {c} has {members.Length} training images, {perClass} valid ones would " +
                    "leave none to train on");
            new Random(unchecked(seed * 31 + c)).Shuffle(members);
            chosen.AddRange(members.Take(perClass));
        }
        chosen.Sort();
        return chosen.ToArray();
    }
}
