namespace Kefu.Server.Features.Outbox;

/// <summary>Wakes a background loop of this node when there is new work, so it need not wait for its next poll.</summary>
public class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Pulse()
    {
        try
        {
            if (_pending.CurrentCount == 0)
            {
                _pending.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another pulse came in between: the loop is woken either way.
        }
    }

    /// <returns>Whether a pulse came before <paramref name="timeout"/>.</returns>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        _pending.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Pulsed after a commit that added outbox rows, so a notification leaves at once.</summary>
public sealed class OutboxSignal : WakeSignal;
