namespace WhatsPortal.Engine.Driver;

/// <summary>
/// Hands on the bridge's numbered event batches in the page's order. A batch comes either on the answer of a call
/// or through the exposed function, and the driver does not keep those two in order on this side: a batch that
/// arrives before its predecessor waits here for it.
/// </summary>
internal sealed class EventBatchOrder(Action<DriverEvent> onEvent)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, IReadOnlyList<DriverEvent>> _early = [];
    private long _next;

    public void Accept(long seq, IReadOnlyList<DriverEvent> events)
    {
        lock (_lock)
        {
            if (seq < _next || !_early.TryAdd(seq, events)) return;
            while (_early.Remove(_next, out var batch))
            {
                _next++;
                foreach (var e in batch) onEvent(e);
            }
        }
    }
}
