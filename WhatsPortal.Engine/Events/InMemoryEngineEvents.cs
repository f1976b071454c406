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
            do
            {
                while (channel.Reader.TryRead(out var engineEvent))
                    yield return engineEvent;
            } while (await WaitAsync(channel.Reader, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            _subscribers.TryRemove(channel, out _);
        }
        // Published before the subscription ended: still the subscriber's.
        while (channel.Reader.TryRead(out var last))
            yield return last;
    }

    private static async ValueTask<bool> WaitAsync(ChannelReader<EngineEvent> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
