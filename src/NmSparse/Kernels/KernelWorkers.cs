using System.Diagnostics;

namespace NmSparse.Kernels;

/// <summary>
/// A process-wide set of persistent kernel threads. <see cref="Run"/> splits a product into chunks; the calling
/// thread and up to threads − 1 workers take chunks from a shared counter until none is left, so a worker that is
/// late (asleep, or its core busy) costs nothing but its share, and a call is never much slower than running every
/// chunk on the caller. Waking a sleeping worker costs a futex wake; after a chunk a worker spins for
/// <see cref="SpinMicroseconds"/> before it sleeps again, so back-to-back products find it awake. The default,
/// 200 µs, spans the gap between the layers of a decoding step: on a quiet 2-core machine it made batch-1 products at
/// d = 1024 2.3× (1:8) and 2.3× (1:4) faster than a 20 µs spin, and one-sentence 1:8 decoding 1.06× faster
/// (docs/benchmarks.md); a longer spin only costs CPU time while a worker waits.
/// <para>
/// Only one product at a time uses the workers: a caller that finds them busy (another thread's product) runs all
/// of its chunks itself. Which thread runs a chunk never changes a result: every output belongs to one chunk.
/// </para>
/// </summary>
internal static class KernelWorkers
{
    /// <summary>Environment variable that sets <see cref="SpinMicroseconds"/> (a whole number, 0 or more).</summary>
    public const string SpinVariable = "NMSPARSE_KERNEL_SPIN_US";

    private static readonly Lazy<int> Spin = new(ReadSpin);

    /// <summary>
    /// How long an idle worker spins (checking for work) before it blocks: 200 µs unless <see cref="SpinVariable"/>
    /// says otherwise. Throws <see cref="UserInputException"/> when that variable is not a whole number ≥ 0.
    /// </summary>
    public static int SpinMicroseconds => Spin.Value;

    private static readonly object Gate = new();
    private static readonly SemaphoreSlim Wake = new(0);
    private static Job? _current;
    private static int _generation;
    private static int _sleepers;
    private static int _workers;
    private static int _busy;

    /// <summary>
    /// Runs <paramref name="chunk"/>(0 … chunks − 1), each exactly once, on the caller and at most
    /// <paramref name="threads"/> − 1 workers; returns when all have finished.
    /// </summary>
    public static void Run(int chunks, int threads, Action<int> chunk)
    {
        if (chunks <= 1 || threads <= 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int i = 0; i < chunks; i++) chunk(i);
            return;
        }
        try
        {
            int helpers = Math.Min(threads, chunks) - 1;
            EnsureWorkers(helpers);
            var job = new Job(chunks, helpers, chunk);
            Volatile.Write(ref _current, job);
            Interlocked.Increment(ref _generation);
            int sleeping = Interlocked.Exchange(ref _sleepers, 0);
            if (sleeping > 0) Wake.Release(sleeping);
            job.Work();
            var spin = new SpinWait();
            while (Volatile.Read(ref job.Done) < chunks) spin.SpinOnce(sleep1Threshold: -1);
            Volatile.Write(ref _current, null);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private static int ReadSpin() => KernelSetting.WholeNumber(SpinVariable, 200, "microseconds");

    private static void EnsureWorkers(int count)
    {
        if (Volatile.Read(ref _workers) >= count) return;
        lock (Gate)
        {
            while (_workers < count)
            {
                var thread = new Thread(WorkerLoop) { IsBackground = true, Name = $"nmsparse-kernel-{_workers + 1}" };
                thread.Start();
                _workers++;
            }
        }
    }

    private static void WorkerLoop()
    {
        long spinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
        int seen = Volatile.Read(ref _generation);
        while (true)
        {
            long idleSince = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref _generation) == seen)
            {
                if (Stopwatch.GetTimestamp() - idleSince < spinTicks)
                {
                    Thread.SpinWait(16);
                    continue;
                }
                // A caller that publishes after this increment releases us; one that published just before leaves
                // a spare release, which only makes a later wait return early (the loop checks again).
                Interlocked.Increment(ref _sleepers);
                if (Volatile.Read(ref _generation) == seen) Wake.Wait();
                idleSince = Stopwatch.GetTimestamp();
            }
            seen = Volatile.Read(ref _generation);
            Volatile.Read(ref _current)?.Help();
        }
    }

    /// <summary>
    /// One product's chunks: the next unclaimed chunk, how many have finished, and how many workers may still join
    /// (the pool may have more workers than this product's thread count allows).
    /// </summary>
    private sealed class Job(int chunks, int helpers, Action<int> chunk)
    {
        private int _next = -1;
        private int _helpers = helpers;
        public int Done;

        /// <summary>A worker's part: take chunks unless the product already has all the helpers it may use.</summary>
        public void Help()
        {
            if (Interlocked.Decrement(ref _helpers) >= 0) Work();
        }

        public void Work()
        {
            for (int i = Interlocked.Increment(ref _next); i < chunks; i = Interlocked.Increment(ref _next))
            {
                chunk(i);
                Interlocked.Increment(ref Done);
            }
        }
    }
}
