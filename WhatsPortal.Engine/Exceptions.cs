using System.Globalization;

namespace WhatsPortal.Engine;

public sealed class InstanceNotFoundException(Guid instanceId) : Exception($"Instance {instanceId} does not exist.")
{
    public Guid InstanceId { get; } = instanceId;
}

/// <summary>
/// An engine refusal people read. It keeps its English sentence as a composite format and the values apart, so the
/// portal can show it in the reader's language; <see cref="Exception.Message"/> is the English text the API returns.
/// Anything from outside (a phone number, a MIME type) goes in the values, never in the format.
/// </summary>
public abstract class EngineRefusalException(string format, object?[] values)
    : Exception(string.Format(CultureInfo.InvariantCulture, format, values))
{
    public string Format { get; } = format;

    public IReadOnlyList<object?> Values { get; } = values;
}

/// <summary>The operation does not fit the instance's current state (e.g. a QR asked of a connected instance); the API answers 409.</summary>
public sealed class InstanceStateException(string format, params object?[] values) : EngineRefusalException(format, values);

/// <summary>An outbound message was refused before being queued; the message says what to fix. The API answers 400.</summary>
public sealed class InvalidOutboundMessageException(string format, params object?[] values) : EngineRefusalException(format, values);
