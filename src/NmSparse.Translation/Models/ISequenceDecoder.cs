namespace NmSparse.Translation.Models;

/// <summary>Translates source token id sequences into target token id sequences (without BOS/EOS).</summary>
public interface ISequenceDecoder
{
    /// <summary>
    /// Decodes every source (ids without BOS; include EOS if the model was trained with it) and returns the outputs
    /// in input order. Runs under no_grad in eval mode and restores the model's previous mode.
    /// </summary>
    IReadOnlyList<int[]> Decode(IReadOnlyList<IReadOnlyList<int>> sources);
}
