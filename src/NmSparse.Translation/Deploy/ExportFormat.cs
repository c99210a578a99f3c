namespace NmSparse.Translation.Deploy;

/// <summary>What <see cref="ModelExporter"/> writes.</summary>
public enum ExportFormat
{
    /// <summary>The NMSP model file (docs/format.md): sparsified layers N:M compressed, the rest dense.</summary>
    Nm,

    /// <summary>A standard dense safetensors file of the masked weights (zeros stored), no sparsity metadata.</summary>
    Safetensors,
}
