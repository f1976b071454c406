using System.Text.Json.Serialization;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// What integrators receive, by webhook and on the hub alike: a unique id (stable across retries, for
/// deduplication), the type, where it happened, when, and the type's payload.
/// </summary>
public sealed record IntegrationEvent(
    Guid Id,
    string Type,
    Guid TenantId,
    Guid InstanceId,
    DateTime Timestamp,
    [property: JsonPropertyName("data")] object Data);

public static class IntegrationEventTypes
{
    public const string InstanceStatus = "instance.status";
    public const string InstanceQr = "instance.qr";
    public const string MessageReceived = "message.received";
    public const string MessageStatus = "message.status";
    public const string MessageRevoked = "message.revoked";
    public const string PresenceUpdate = "presence.update";
    public const string ChatUpdated = "chat.updated";
    public const string MessageReaction = "message.reaction";
    public const string MessageEdited = "message.edited";
    public const string PollVote = "poll.vote";
    public const string GroupParticipants = "group.participants";
    public const string GroupUpdated = "group.updated";

    public static readonly IReadOnlyList<string> All = [InstanceStatus, InstanceQr, MessageReceived, MessageStatus, MessageRevoked, PresenceUpdate,
        ChatUpdated, MessageReaction, MessageEdited, PollVote, GroupParticipants, GroupUpdated];

    /// <summary>Parses a selection; null or empty selects every type. Returns false with the first unknown name.</summary>
    public static bool TryParseSelection(IEnumerable<string>? names, out string? stored, out string? unknown)
    {
        stored = null;
        unknown = null;
        var list = names?.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct().ToList() ?? [];
        if (list.FirstOrDefault(n => !All.Contains(n)) is { } bad)
        {
            unknown = bad;
            return false;
        }
        stored = list.Count == 0 || list.Count == All.Count ? null : string.Join(',', list);
        return true;
    }

    public static bool Selects(string? stored, string type) =>
        stored is null || stored.Split(',').Contains(type);

    public static string[] Selection(string? stored) => stored?.Split(',') ?? [.. All];
}
