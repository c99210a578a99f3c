namespace NmSparse.Sparsity;

/// <summary>The job of a Transformer linear layer, recognised from its name by <see cref="LayerRoles.Of"/>.</summary>
public enum LayerRole
{
    /// <summary>Feed-forward layers: ff1, ff2, fc1, fc2, linear1, linear2.</summary>
    FeedForward,

    /// <summary>Attention query projection: q_proj, query.</summary>
    Query,

    /// <summary>Attention key projection: k_proj, key.</summary>
    Key,

    /// <summary>Attention value projection: v_proj, value.</summary>
    Value,

    /// <summary>Attention output projection: out_proj, o_proj.</summary>
    AttentionOut,
}
