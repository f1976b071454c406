using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace WhatsPortal.Engine.Events;

/// <summary>One unbounded channel per subscriber: publishing never waits on a slow subscriber.</summary>
public sealed class InMemoryEngineEvents : IEngineEvents
{
    private readonly ConcurrentDictionary<Channel<EngineEvent>, byte> _subscribers = new();

    public void Publish(EngineEvent engineEvent)
    {
        foreach (var subscriber in _subscribers.Keys) subscriber.Writer.TryWrite(engineEvent);
    }

    public async IAsyncEnumerable<EngineEvent> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<EngineEvent>(new() { SingleReader = true });
        _subscribers.TryAdd(channel, 0);
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                while (channel.Reader.TryRead(out var engineEvent))
                    yield return engineEvent;
        }
        finally
        {
            _subscribers.TryRemove(channel, out _);
        }
    }
}
