namespace WhatsPortal.Engine.Events;

/// <summary>
/// Fan-out of engine events: in-process on a single node (<see cref="InMemoryEngineEvents"/>); with
/// <c>Cluster:Enabled</c> every node's events reach every node's subscribers, without the engine changing.
/// </summary>
public interface IEngineEvents
{
    void Publish(EngineEvent engineEvent);

    /// <summary>
    /// Every event published from now until <paramref name="cancellationToken"/> is cancelled, in order. Cancelling
    /// ends the sequence after the events already published, so a subscriber that stops can still hand them on.
    /// </summary>
    IAsyncEnumerable<EngineEvent> SubscribeAsync(CancellationToken cancellationToken);
}
