namespace NmSparse.Translation.Data;

/// <summary>
/// Splits a deduplicated pool into train/valid/test, seeded and deterministic.
/// <para>
/// Debian corpora are split by group (Ding line, source package, help page, gettext catalog): groups are held out
/// whole, and each held-out group goes to exactly one of valid and test, so no group spans two splits. A held-out
/// pair must be sentence-like, have a 5-word English prefix found in no other group (template sentences such as
/// "This package contains the … for …" never straddle train and test) and a German side (compared by
/// <see cref="TextNormalizer.Key"/>) found in no other group, so no held-out German sentence occurs in train.
/// Training keeps no pair whose English is held out.
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
    /// pairs taken from randomly ordered groups (valid first, then test; a group's usable pairs beyond what its split
    /// still needs are dropped); everything outside held-out groups that does not collide with them is training data.
    /// </summary>
    /// <exception cref="UserInputException">A source cannot fill its quota.</exception>
    public static CorpusSplits SplitByGroup(
        IReadOnlyList<CorpusCandidate> candidates, IReadOnlyDictionary<string, (int Valid, int Test)> quotas, int seed)
    {
        var prefixOwner = SoleGroups(candidates, c => TextNormalizer.KeyPrefix(c.Key, PrefixWords));
        var germanOwner = SoleGroups(candidates, c => TextNormalizer.Key(c.Pair.De));
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
                        && prefixOwner[TextNormalizer.KeyPrefix(c.Key, PrefixWords)] == group
                        && germanOwner[TextNormalizer.Key(c.Pair.De)] == group)
                    .Select(c => c.Pair).ToList();
                if (usable.Count == 0)
                {
                    continue;
                }
                heldOutGroups.Add(group);
                if (validNeeded > 0)
                {
                    validNeeded -= TakeInto(valid, usable, validNeeded);
                }
                else
                {
                    testNeeded -= TakeInto(test, usable, testNeeded);
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
    /// <paramref name="validCount"/> shuffled pairs are valid candidates, the next <paramref name="testCount"/> test
    /// candidates, the rest train; held-out candidates whose German (by <see cref="TextNormalizer.Key"/>) also occurs
    /// in train are dropped.
    /// </summary>
    public static CorpusSplits SplitRandom(IReadOnlyList<SentencePair> pairs, int validCount, int testCount, int seed)
    {
        if (validCount + testCount >= pairs.Count)
        {
            throw new ArgumentException($"{validCount} valid + {testCount} test pairs leave no training pairs");
        }
        var shuffled = pairs.ToArray();
        new Random(seed).Shuffle(shuffled);
        var train = shuffled[(validCount + testCount)..];
        var trainGerman = train.Select(p => TextNormalizer.Key(p.De)).ToHashSet(StringComparer.Ordinal);
        var valid = shuffled[..validCount].Where(p => !trainGerman.Contains(TextNormalizer.Key(p.De))).ToArray();
        var test = shuffled[validCount..(validCount + testCount)]
            .Where(p => !trainGerman.Contains(TextNormalizer.Key(p.De))).ToArray();
        return new CorpusSplits(train, valid, test, validCount + testCount - valid.Length - test.Length);
    }

    /// <summary>Adds up to <see cref="MaxHeldOutPerGroup"/> and at most <paramref name="needed"/> pairs; returns how many.</summary>
    private static int TakeInto(List<SentencePair> split, List<SentencePair> usable, int needed)
    {
        var count = Math.Min(needed, Math.Min(MaxHeldOutPerGroup, usable.Count));
        split.AddRange(usable.Take(count));
        return count;
    }

    /// <summary>For each key, the one group whose candidates have it, or null when several groups do.</summary>
    private static Dictionary<string, string?> SoleGroups(
        IReadOnlyList<CorpusCandidate> candidates, Func<CorpusCandidate, string> key)
    {
        var owners = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var k = key(candidate);
            owners[k] = owners.TryGetValue(k, out var owner) && owner != candidate.Group ? null : candidate.Group;
        }
        return owners;
    }
}
