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

    /// <summary>
    /// Waits for a wake-up or until <paramref name="delay"/> has passed on <paramref name="clock"/>: for a loop whose
    /// next piece of work is due at a time, where the time is the behaviour (unlike a poll, which only bounds lateness).
    /// </summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider clock, CancellationToken ct)
    {
        if (delay == Timeout.InfiniteTimeSpan)
        {
            await _signal.WaitAsync(ct);
            return;
        }
        using var due = new CancellationTokenSource(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(due.Token, ct);
        try
        {
            await _signal.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The time came.
        }
    }
}
