namespace WhatsPortal.Engine;

public sealed class InstanceNotFoundException(Guid instanceId) : Exception($"Instance {instanceId} does not exist.")
{
    public Guid InstanceId { get; } = instanceId;
}

/// <summary>The operation does not fit the instance's current state (e.g. a QR asked of a connected instance); the API answers 409.</summary>
public sealed class InstanceStateException(string message) : Exception(message);

/// <summary>An outbound message was refused before being queued; the message says what to fix. The API answers 400.</summary>
public sealed class InvalidOutboundMessageException(string message) : Exception(message);
