namespace NmSparse.Translation.Data;

/// <summary>
/// Splits a deduplicated pool into train/valid/test, seeded and deterministic.
/// <para>
/// Debian corpora are split by group (Ding entry, source package): whole groups are held out, and a held-out pair
/// must be sentence-like and have a 5-word English prefix found in no other group, so template sentences ("This
/// package contains the … for …") never straddle train and test. Training keeps no pair whose English is held out.
/// </para>
/// </summary>
public static class CorpusSplitter
{
    /// <summary>Length of the English prefix that held-out sentences may not share with training sentences.</summary>
    public const int PrefixWords = 5;

    /// <summary>Most pairs one group contributes to valid + test, so a long description cannot dominate.</summary>
    public const int MaxHeldOutPerGroup = 8;

    /// <summary>
    /// Holds out, per source named in <paramref name="quotas"/>, exactly the requested number of valid and test
    /// pairs taken from randomly ordered groups; everything else that does not collide with them is training data.
    /// </summary>
    /// <exception cref="UserInputException">A source cannot fill its quota.</exception>
    public static CorpusSplits SplitByGroup(
        IReadOnlyList<CorpusCandidate> candidates, IReadOnlyDictionary<string, (int Valid, int Test)> quotas, int seed)
    {
        var prefixOwner = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var prefix = TextNormalizer.KeyPrefix(candidate.Key, PrefixWords);
            prefixOwner[prefix] = prefixOwner.TryGetValue(prefix, out var owner) && owner != candidate.Group
                ? null
                : candidate.Group;
        }
        var byGroup = candidates.GroupBy(c => c.Group).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var random = new Random(seed);
        var heldOutGroups = new HashSet<string>(StringComparer.Ordinal);
        var valid = new List<SentencePair>();
        var test = new List<SentencePair>();
        foreach (var (source, quota) in quotas.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            var groups = byGroup.Where(g => g.Value[0].Source == source && g.Value.Any(c => c.HeldOutEligible))
                .Select(g => g.Key).Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(groups);
            var (validNeeded, testNeeded) = quota;
            foreach (var group in groups)
            {
                if (validNeeded + testNeeded == 0)
                {
                    break;
                }
                var usable = byGroup[group].Where(c => c.HeldOutEligible
                        && prefixOwner[TextNormalizer.KeyPrefix(c.Key, PrefixWords)] == group)
                    .Take(MaxHeldOutPerGroup).ToList();
                if (usable.Count == 0)
                {
                    continue;
                }
                heldOutGroups.Add(group);
                foreach (var candidate in usable)
                {
                    if (validNeeded > 0)
                    {
                        valid.Add(candidate.Pair);
                        validNeeded--;
                    }
                    else if (testNeeded > 0)
                    {
                        test.Add(candidate.Pair);
                        testNeeded--;
                    }
                }
            }
            if (validNeeded + testNeeded > 0)
            {
                throw new UserInputException(
                    $"source '{source}' has too few held-out candidates: {validNeeded} valid and {testNeeded} test " +
                    "pairs missing");
            }
        }
        var heldOutKeys = valid.Concat(test).Select(p => TextNormalizer.Key(p.En)).ToHashSet(StringComparer.Ordinal);
        var train = candidates.Where(c => !heldOutGroups.Contains(c.Group) && !heldOutKeys.Contains(c.Key))
            .Select(c => c.Pair).ToArray();
        var dropped = candidates.Count - train.Length - valid.Count - test.Count;
        random.Shuffle(train);
        return new CorpusSplits(train, valid, test, dropped);
    }

    /// <summary>
    /// Random split by sentence for user corpora (whose pairs must already be deduplicated on English): the first
    /// <paramref name="validCount"/> shuffled pairs are valid, the next <paramref name="testCount"/> test.
    /// </summary>
    public static CorpusSplits SplitRandom(IReadOnlyList<SentencePair> pairs, int validCount, int testCount, int seed)
    {
        if (validCount + testCount >= pairs.Count)
        {
            throw new ArgumentException($"{validCount} valid + {testCount} test pairs leave no training pairs");
        }
        var shuffled = pairs.ToArray();
        new Random(seed).Shuffle(shuffled);
        return new CorpusSplits(shuffled[(validCount + testCount)..], shuffled[..validCount],
            shuffled[validCount..(validCount + testCount)], 0);
    }
}
