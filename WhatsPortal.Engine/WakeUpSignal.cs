namespace WhatsPortal.Engine;

/// <summary>Wakes a loop that otherwise polls, as soon as there is work; wake-ups coalesce into one.</summary>
public class WakeUpSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private int _wakes;

    /// <summary>How many wake-ups there have been: a loop that notes it before looking for work can tell whether
    /// anything woke it since.</summary>
    public int Wakes => Volatile.Read(ref _wakes);

    public void Wake()
    {
        Interlocked.Increment(ref _wakes);
        try { _signal.Release(); }
        catch (SemaphoreFullException) { /* already awake */ }
    }

    /// <summary>Takes a pending wake-up, if any, without waiting: the look for work about to start answers it.</summary>
    public void Take() => _signal.Wait(0);

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
