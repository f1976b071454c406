using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Events;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// The engine's events of every node of a cluster (<c>Cluster:Enabled</c>): published here at once, as on a single node,
/// and on a Redis channel for the other nodes, whose events arrive the same way marked <see cref="EngineEvent.RaisedElsewhere"/>.
/// Redis hands one publisher's messages on a channel to each subscriber in the order they were published, and the
/// subscription's queue is read by one reader, so the events of an instance (raised on one node) keep their order.
/// Pub/sub keeps nothing: an event published while a node is disconnected never reaches it, which only live views
/// notice (they load their state again on reconnecting); integrators get journaled events from the database.
/// </summary>
public sealed class RedisEngineEvents : IEngineEvents, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("whatsportal:engine-events");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly InMemoryEngineEvents _here = new();
    // Not the node's name: two hosts misconfigured with one name would each drop the other's events as their own.
    private readonly Guid _sender = Guid.NewGuid();
    private readonly ConnectionMultiplexer _redis;
    private readonly ILogger<RedisEngineEvents> _logger;

    public RedisEngineEvents(IOptions<ClusterOptions> options, ILogger<RedisEngineEvents> logger)
    {
        _logger = logger;
        // Fails the node's start when Redis cannot be reached: a node that would not hear the others must not serve.
        // (AddClusterEvents registers this only with Cluster:Redis set.)
        _redis = ConnectionMultiplexer.Connect(options.Value.Redis!);
        _redis.GetSubscriber().Subscribe(Channel).OnMessage(Receive);
    }

    public void Publish(EngineEvent engineEvent)
    {
        _here.Publish(engineEvent);
        // Fire and forget: the engine never waits on Redis, and commands leave in the order they were given.
        _redis.GetSubscriber().Publish(Channel, JsonSerializer.SerializeToUtf8Bytes(new Envelope(_sender, engineEvent), Json), CommandFlags.FireAndForget);
    }

    public IAsyncEnumerable<EngineEvent> SubscribeAsync(CancellationToken cancellationToken) => _here.SubscribeAsync(cancellationToken);

    private void Receive(ChannelMessage message)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>((byte[])message.Message!, Json);
            if (envelope is null || envelope.Sender == _sender) return;
            _here.Publish(envelope.Event with { RaisedElsewhere = true });
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // From a node of another version: dropped, as a live view would miss it anyway while that node is upgraded.
            _logger.LogWarning(ex, "An engine event from another node cannot be read and is dropped");
        }
    }

    public void Dispose() => _redis.Dispose();

    private sealed record Envelope(Guid Sender, EngineEvent Event);
}
