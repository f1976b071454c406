using WhatsPortal.Engine.Driver;

namespace WhatsPortal.Engine.Groups;

/// <summary>
/// WhatsApp groups through a connected instance. Every call is WhatsApp's answer of the moment, nothing is queued: a
/// group change either happened when the call returns or was refused (messages to a group go through the outbound queue
/// like any other). Refusals: <see cref="InstanceStateException"/> when the instance is not connected or WhatsApp Web failed,
/// <see cref="GroupRefusedException"/> when WhatsApp said no.
/// </summary>
public interface IWhatsAppGroups
{
    Task<IReadOnlyList<WhatsAppGroupSummary>> ListAsync(Guid instanceId, CancellationToken cancellationToken = default);

    Task<WhatsAppGroup> GetAsync(Guid instanceId, string groupId, CancellationToken cancellationToken = default);

    /// <param name="participantIds">WhatsApp ids (5511988887777@c.us); each one's result says whether it was added.</param>
    Task<WhatsAppGroupCreated> CreateAsync(Guid instanceId, string subject, IReadOnlyList<string> participantIds, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<GroupAddResult>> AddParticipantsAsync(Guid instanceId, string groupId, IReadOnlyList<string> participantIds, CancellationToken cancellationToken = default);

    Task ChangeParticipantsAsync(Guid instanceId, string groupId, GroupParticipantChange change, IReadOnlyList<string> participantIds, CancellationToken cancellationToken = default);

    Task SetPropertyAsync(Guid instanceId, string groupId, GroupProperty property, string value, CancellationToken cancellationToken = default);

    /// <summary>The code of the group's invite link (https://chat.whatsapp.com/{code}); <paramref name="revoke"/> replaces it, publishing group.updated.</summary>
    Task<string> GetInviteCodeAsync(Guid instanceId, string groupId, bool revoke, CancellationToken cancellationToken = default);

    Task LeaveAsync(Guid instanceId, string groupId, CancellationToken cancellationToken = default);
}

[GenerateSerializer]
public enum GroupParticipantChange { Remove, Promote, Demote }

[GenerateSerializer]
public enum GroupProperty { Subject, Description }

[GenerateSerializer]
public enum GroupRefusal
{
    /// <summary>The instance's number is not an admin of the group (wa-js: group_you_are_not_admin).</summary>
    NotAdmin,
    /// <summary>No such group, or the number is not in it (wa-js: chat_not_found, not_a_group).</summary>
    GroupNotFound,
    /// <summary>A participant named is not in the group (wa-js: group_participant_not_found, not_valid_group_participants).</summary>
    ParticipantNotFound,
    Other,
}

/// <summary>WhatsApp refused a group call; <see cref="Refusal"/> says how, the message is WhatsApp Web's reason.</summary>
[GenerateSerializer]
public sealed class GroupRefusedException(GroupRefusal refusal, string reason)
    : EngineRefusalException(refusal switch
    {
        GroupRefusal.NotAdmin => new Sentence("The instance's number is not an admin of this group; only admins can change it."),
        GroupRefusal.GroupNotFound => new Sentence("The instance's number is in no group with this id."),
        GroupRefusal.ParticipantNotFound => new Sentence("Not every number given is a participant of this group ({0}).", reason),
        _ => new Sentence("WhatsApp refused: {0}.", reason),
    })
{
    [Id(0)]
    public GroupRefusal Refusal { get; } = refusal;

    internal static GroupRefusal Of(string code) => code switch
    {
        "group_you_are_not_admin" => GroupRefusal.NotAdmin,
        "chat_not_found" or "not_a_group" => GroupRefusal.GroupNotFound,
        "group_participant_not_found" or "not_valid_group_participants" or "group_participant_is_not_a_group_member" => GroupRefusal.ParticipantNotFound,
        _ => GroupRefusal.Other,
    };
}
