using System.Numerics;
using System.Runtime.CompilerServices;

namespace NmSparse.Kernels;

/// <summary>
/// Portable product over <see cref="Vector{T}.Count"/> output rows per vector: the kept inputs of the rows are
/// collected into a lane buffer (no permute instruction is portable) and multiplied by the rows' values.
/// </summary>
internal static unsafe class PortableKernel
{
    public static int Lanes => Vector<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TValues>(in KernelArgs a, int firstBlock, int endBlock, int g0, int g1)
        where TValues : IValueLanes
    {
        int lanes = Lanes;
        Span<float> picked = stackalloc float[lanes];
        for (int block = firstBlock; block < endBlock; block++)
        {
            for (int row = 0; row < a.Batch; row++)
            {
                long entry = (long)block * a.BlockEntries + (long)g0 * a.N * lanes;
                byte* values = a.Values + entry * TValues.Size;
                byte* positions = a.Positions + entry;
                float* x = a.X + (long)row * a.XStride;
                float* sums = a.SumsAt(block, row);
                var acc = g0 == 0 ? Vector<float>.Zero : Vector.Load(sums);
                for (int g = g0; g < g1; g++)
                {
                    int start = a.WindowStart(g);
                    for (int k = 0; k < a.N; k++)
                    {
                        for (int lane = 0; lane < lanes; lane++) picked[lane] = x[start + positions[lane]];
                        acc += TValues.LoadVector(values) * new Vector<float>(picked);
                        values += lanes * TValues.Size;
                        positions += lanes;
                    }
                }
                acc.Store(sums);
            }
        }
    }
}
