namespace NmSparse.Sparsity;

/// <summary>
/// Maps a module name to its <see cref="LayerRole"/> by its last dot-separated segment (case-sensitive):
/// ff1/ff2/fc1/fc2/linear1/linear2 → FeedForward, q_proj/query → Query, k_proj/key → Key, v_proj/value → Value,
/// out_proj/o_proj → AttentionOut. Any other name has no role.
/// </summary>
public static class LayerRoles
{
    /// <summary>The role of <paramref name="moduleName"/> (e.g. "encoder.layers.0.attn.q_proj"), or null.</summary>
    public static LayerRole? Of(string moduleName)
    {
        ArgumentNullException.ThrowIfNull(moduleName);
        string last = moduleName[(moduleName.LastIndexOf('.') + 1)..];
        return last switch
        {
            "ff1" or "ff2" or "fc1" or "fc2" or "linear1" or "linear2" => LayerRole.FeedForward,
            "q_proj" or "query" => LayerRole.Query,
            "k_proj" or "key" => LayerRole.Key,
            "v_proj" or "value" => LayerRole.Value,
            "out_proj" or "o_proj" => LayerRole.AttentionOut,
            _ => null,
        };
    }
}
