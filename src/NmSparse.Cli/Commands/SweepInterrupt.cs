using System.Runtime.InteropServices;

namespace NmSparse.Cli.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM during a sweep: the first cancels <see cref="Token"/> so the sweep stops its runs
/// (children killed, runs left resumable) and removes its claims before it exits; a second one ends the process at
/// once, as without this.
/// </summary>
internal sealed class SweepInterrupt : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public SweepInterrupt()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // SIGTERM on Windows: the default handling stays
            }
        }
    }

    public CancellationToken Token => _cancel.Token;

    public bool Requested => _cancel.IsCancellationRequested;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_cancel.IsCancellationRequested) return; // the second signal: default handling (exit)
        context.Cancel = true;
        _cancel.Cancel();
    }
}
