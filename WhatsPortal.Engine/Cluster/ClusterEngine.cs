using Microsoft.Extensions.Options;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Contacts;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Engine.Events;
using WhatsPortal.Engine.Groups;
using WhatsPortal.Engine.Outbound;

namespace WhatsPortal.Engine.Cluster;

/// <summary>
/// The engine as the web layer sees it, on any node: what concerns a running session goes to the instance's grain,
/// which reaches the node that owns it; queued rows are written here, where the request arrived, and the owner is woken.
/// </summary>
internal sealed class ClusterEngine(IGrainFactory grains, OutboundQueue outbound, MessageActionQueue actions, IOptions<EngineOptions> options)
    : IWhatsAppEngine, IWhatsAppGroups
{
    /// <summary>The pairing-code request's field a malformed phone number is filed under.</summary>
    private const string PairingPhoneField = "phone";

    private IInstanceGrain Grain(Guid instanceId) => grains.GetGrain<IInstanceGrain>(instanceId);

    public Instance NewInstance(Guid tenantId, string name) => new()
    {
        TenantId = tenantId,
        Name = name,
        SendIntervalMs = options.Value.DefaultSendIntervalMs,
        SendJitterMs = options.Value.DefaultSendJitterMs,
    };

    public Task StartAsync(Guid instanceId, CancellationToken cancellationToken = default) => Grain(instanceId).StartAsync(cancellationToken);

    public Task StopAsync(Guid instanceId, CancellationToken cancellationToken = default) => Grain(instanceId).StopAsync(cancellationToken);

    public Task RestartAsync(Guid instanceId, CancellationToken cancellationToken = default) => Grain(instanceId).RestartAsync(cancellationToken);

    public Task LogoutAsync(Guid instanceId, CancellationToken cancellationToken = default) => Grain(instanceId).LogoutAsync(cancellationToken);

    public Task DeleteAsync(Guid instanceId, CancellationToken cancellationToken = default) => Grain(instanceId).DeleteAsync(cancellationToken);

    public Task<InstanceStatus?> GetStatusAsync(Guid instanceId) => Grain(instanceId).GetStatusAsync();

    public Task<QrCode?> GetQrAsync(Guid instanceId) => Grain(instanceId).GetQrAsync();

    public Task<string> RequestPairingCodeAsync(Guid instanceId, string phoneNumber, CancellationToken cancellationToken = default)
    {
        var digits = WhatsAppIds.NormalizeRecipient(phoneNumber) is { } id && id.EndsWith("@c.us", StringComparison.Ordinal) ? id[..^"@c.us".Length] : null;
        if (digits is null) throw new InvalidOutboundMessageException(PairingPhoneField, "'{0}' is not a phone number with country code (e.g. 5511999990000).", phoneNumber);
        return Grain(instanceId).RequestPairingCodeAsync(digits, cancellationToken);
    }

    public async Task<Message> EnqueueAsync(Guid tenantId, Guid instanceId, OutboundMessageRequest request, CancellationToken cancellationToken = default)
    {
        var message = await outbound.EnqueueAsync(tenantId, instanceId, request, cancellationToken);
        NotifyQueued(instanceId);
        return message;
    }

    public async Task<MessageAction> EnqueueActionAsync(Guid tenantId, Guid instanceId, Guid messageId, MessageActionKind kind, string? value, CancellationToken cancellationToken = default)
    {
        var action = await actions.EnqueueAsync(tenantId, instanceId, messageId, kind, value, cancellationToken);
        NotifyQueued(instanceId);
        return action;
    }

    public Task<CancelOutcome> CancelScheduledAsync(Guid tenantId, Guid instanceId, Guid messageId, CancellationToken cancellationToken = default) =>
        outbound.CancelAsync(tenantId, instanceId, messageId, cancellationToken);

    /// <summary>One-way: the row is stored already, and the owner's queue poll finds it should the wake-up get lost.</summary>
    public void NotifyQueued(Guid instanceId) => _ = Grain(instanceId).WakeAsync();

    public Task MarkChatReadAsync(Guid instanceId, Guid chatId, CancellationToken cancellationToken = default) => Grain(instanceId).MarkChatReadAsync(chatId, cancellationToken);

    public Task MarkChatUnreadAsync(Guid instanceId, Guid chatId, CancellationToken cancellationToken = default) => Grain(instanceId).MarkChatUnreadAsync(chatId, cancellationToken);

    public Task SetChatArchivedAsync(Guid instanceId, Guid chatId, bool archived, CancellationToken cancellationToken = default) =>
        Grain(instanceId).SetChatArchivedAsync(chatId, archived, cancellationToken);

    public Task<IReadOnlyList<NumberCheck>> CheckNumbersAsync(Guid instanceId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        Grain(instanceId).CheckNumbersAsync(ids, cancellationToken);

    public Task<IReadOnlyList<string>> SubscribePresenceAsync(Guid instanceId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        Grain(instanceId).SubscribePresenceAsync(ids, cancellationToken);

    public Task SetChatStateAsync(Guid instanceId, string chatId, ChatState state, CancellationToken cancellationToken = default) =>
        Grain(instanceId).SetChatStateAsync(chatId, state, cancellationToken);

    public Task<string?> GetProfilePictureUrlAsync(Guid instanceId, string chatId, CancellationToken cancellationToken = default) =>
        Grain(instanceId).GetProfilePictureUrlAsync(chatId, cancellationToken);

    public Task<bool> SetBlockedAsync(Guid instanceId, string chatId, bool blocked, CancellationToken cancellationToken = default) =>
        Grain(instanceId).SetBlockedAsync(chatId, blocked, cancellationToken);

    public Task<bool> IsBlockedAsync(Guid instanceId, string chatId, CancellationToken cancellationToken = default) =>
        Grain(instanceId).IsBlockedAsync(chatId, cancellationToken);

    public Task<IReadOnlyList<WhatsAppGroupSummary>> ListAsync(Guid instanceId, CancellationToken cancellationToken = default) => Grain(instanceId).ListGroupsAsync(cancellationToken);

    public Task<WhatsAppGroup> GetAsync(Guid instanceId, string groupId, CancellationToken cancellationToken = default) => Grain(instanceId).GetGroupAsync(groupId, cancellationToken);

    public Task<WhatsAppGroupCreated> CreateAsync(Guid instanceId, string subject, IReadOnlyList<string> participantIds, CancellationToken cancellationToken = default) =>
        Grain(instanceId).CreateGroupAsync(subject, participantIds, cancellationToken);

    public Task<IReadOnlyList<GroupAddResult>> AddParticipantsAsync(Guid instanceId, string groupId, IReadOnlyList<string> participantIds, CancellationToken cancellationToken = default) =>
        Grain(instanceId).AddParticipantsAsync(groupId, participantIds, cancellationToken);

    public Task ChangeParticipantsAsync(Guid instanceId, string groupId, GroupParticipantChange change, IReadOnlyList<string> participantIds, CancellationToken cancellationToken = default) =>
        Grain(instanceId).ChangeParticipantsAsync(groupId, change, participantIds, cancellationToken);

    public Task SetPropertyAsync(Guid instanceId, string groupId, GroupProperty property, string value, CancellationToken cancellationToken = default) =>
        Grain(instanceId).SetGroupPropertyAsync(groupId, property, value, cancellationToken);

    public Task<string> GetInviteCodeAsync(Guid instanceId, string groupId, bool revoke, CancellationToken cancellationToken = default) =>
        Grain(instanceId).GetInviteCodeAsync(groupId, revoke, cancellationToken);

    public Task LeaveAsync(Guid instanceId, string groupId, CancellationToken cancellationToken = default) => Grain(instanceId).LeaveGroupAsync(groupId, cancellationToken);
}
