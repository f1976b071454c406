using System.Globalization;

namespace WhatsPortal.Engine;

[GenerateSerializer]
public sealed class InstanceNotFoundException(Guid instanceId) : Exception($"Instance {instanceId} does not exist.")
{
    [Id(0)]
    public Guid InstanceId { get; } = instanceId;
}

/// <summary>
/// A refusal people read: its English sentence as a composite format with the values apart, so the portal can show it
/// in the reader's language; <see cref="Text"/> is the English the API returns. Anything from outside (a phone number,
/// a MIME type, a host) goes in the values, never in the format.
/// </summary>
[GenerateSerializer]
public sealed record Sentence(string Format, params object?[] Values)
{
    public string Text => string.Format(CultureInfo.InvariantCulture, Format, Values);
}

/// <summary>An engine refusal people read; <see cref="Exception.Message"/> is its sentence in English.</summary>
[GenerateSerializer]
public abstract class EngineRefusalException(Sentence sentence) : Exception(sentence.Text)
{
    [Id(0)]
    public Sentence Sentence { get; } = sentence;
}

/// <summary>The operation does not fit the instance's current state (e.g. a QR asked of a connected instance); the API answers 409.</summary>
[GenerateSerializer]
public sealed class InstanceStateException(string format, params object?[] values) : EngineRefusalException(new Sentence(format, values));

/// <summary>
/// An outbound message was refused before being queued; the message says what to fix and <see cref="Field"/> which part
/// of the request is wrong (the API's name for it: <c>to</c>, <c>text</c>, <c>media</c>, <c>idempotencyKey</c>...). The API answers 400.
/// </summary>
[GenerateSerializer]
public sealed class InvalidOutboundMessageException(string field, string format, params object?[] values) : EngineRefusalException(new Sentence(format, values))
{
    [Id(0)]
    public string Field { get; } = field;
}

/// <summary>An idempotency key came back with a request other than the one it was first used with; the API answers 422, as Stripe does.</summary>
[GenerateSerializer]
public sealed class IdempotencyKeyReusedException(string key)
    : EngineRefusalException(new Sentence("The idempotency key '{0}' was already used for a different message; use a new key for a new message.", key));

/// <summary>No such message in the instance (another tenant's is absent the same way); the API answers 404.</summary>
[GenerateSerializer]
public sealed class MessageNotFoundException(Guid messageId) : Exception($"Message {messageId} does not exist.")
{
    [Id(0)]
    public Guid MessageId { get; } = messageId;
}

/// <summary>
/// A reaction, edit or revoke that the message it targets does not allow (not on WhatsApp yet, not ours, not a text,
/// past WhatsApp's time limit); <see cref="Field"/> is the part of the request concerned. The API answers 409.
/// </summary>
[GenerateSerializer]
public sealed class MessageActionRefusedException(string field, string format, params object?[] values) : EngineRefusalException(new Sentence(format, values))
{
    [Id(0)]
    public string Field { get; } = field;
}
