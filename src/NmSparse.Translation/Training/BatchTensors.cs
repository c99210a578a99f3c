using static TorchSharp.torch;

namespace NmSparse.Translation.Training;

/// <summary>Padded id tensors of one batch: source [B,S], decoder input [B,T] and prediction target [B,T].</summary>
public sealed record BatchTensors(Tensor Source, Tensor TargetIn, Tensor TargetOut) : IDisposable
{
    public static BatchTensors Create(EncodedSplit split, IReadOnlyList<int> indices, int padId, Device device)
    {
        int b = indices.Count;
        int s = indices.Max(i => split.Sources[i].Length);
        int t = indices.Max(i => split.Targets[i].Length) - 1;
        var src = new long[b * s];
        var tin = new long[b * t];
        var tout = new long[b * t];
        Array.Fill(src, padId);
        Array.Fill(tin, padId);
        Array.Fill(tout, padId);
        for (int r = 0; r < b; r++)
        {
            var source = split.Sources[indices[r]];
            var target = split.Targets[indices[r]];
            for (int j = 0; j < source.Length; j++) src[r * s + j] = source[j];
            for (int j = 0; j < target.Length - 1; j++)
            {
                tin[r * t + j] = target[j];
                tout[r * t + j] = target[j + 1];
            }
        }
        return new BatchTensors(
            tensor(src, b, s).to(device), tensor(tin, b, t).to(device), tensor(tout, b, t).to(device));
    }

    public void Dispose()
    {
        Source.Dispose();
        TargetIn.Dispose();
        TargetOut.Dispose();
    }
}
