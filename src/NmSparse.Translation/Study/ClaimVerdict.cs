namespace NmSparse.Translation.Study;

/// <summary>
/// One claim checked on the numbers: the claim in words, the verdict and the numbers behind it (means, seed
/// spreads, gaps) or the runs that are missing.
/// </summary>
public sealed record ClaimVerdict(string Claim, Verdict Verdict, string Detail)
{
    /// <summary>"holds", "does not hold" or "cannot be judged".</summary>
    public string VerdictText => Verdict switch
    {
        Verdict.Holds => "holds",
        Verdict.DoesNotHold => "does not hold",
        _ => "cannot be judged",
    };

    /// <summary>The markdown list item of the report.</summary>
    public string ToMarkdown() => $"- **{VerdictText}** — {Claim}: {Detail}";
}
