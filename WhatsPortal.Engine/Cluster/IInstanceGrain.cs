using Orleans.Concurrency;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Contacts;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Engine.Events;
using WhatsPortal.Engine.Groups;

namespace WhatsPortal.Engine.Cluster;

/// <summary>
/// One instance, wherever in the cluster its session runs: the activation of this grain is the instance's owner, and
/// every operation on a running session reaches the node that holds it through here. The key is the instance's id.
/// </summary>
public interface IInstanceGrain : IGrainWithGuidKey
{
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts the session when the instance is marked to run (AutoStart) and runs nowhere; no-op otherwise.</summary>
    Task EnsureRunningAsync(CancellationToken cancellationToken = default);

    Task StopAsync(CancellationToken cancellationToken = default);

    Task RestartAsync(CancellationToken cancellationToken = default);

    Task LogoutAsync(CancellationToken cancellationToken = default);

    Task DeleteAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops the session here without changing AutoStart, so another node's reconciler starts it (a drain).</summary>
    Task HandOverAsync(CancellationToken cancellationToken = default);

    Task<InstanceStatus?> GetStatusAsync();

    Task<QrCode?> GetQrAsync();

    Task<string> RequestPairingCodeAsync(string digits, CancellationToken cancellationToken = default);

    /// <summary>Rows were queued for the instance: its sender looks now instead of at its next poll.</summary>
    [OneWay]
    Task WakeAsync();

    Task MarkChatReadAsync(Guid chatId, CancellationToken cancellationToken = default);

    Task MarkChatUnreadAsync(Guid chatId, CancellationToken cancellationToken = default);

    Task SetChatArchivedAsync(Guid chatId, bool archived, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<NumberCheck>> CheckNumbersAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> SubscribePresenceAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    Task SetChatStateAsync(string chatId, ChatState state, CancellationToken cancellationToken = default);

    Task<string?> GetProfilePictureUrlAsync(string chatId, CancellationToken cancellationToken = default);

    Task<bool> SetBlockedAsync(string chatId, bool blocked, CancellationToken cancellationToken = default);

    Task<bool> IsBlockedAsync(string chatId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WhatsAppGroupSummary>> ListGroupsAsync(CancellationToken cancellationToken = default);

    Task<WhatsAppGroup> GetGroupAsync(string groupId, CancellationToken cancellationToken = default);

    Task<WhatsAppGroupCreated> CreateGroupAsync(string subject, IReadOnlyList<string> participantIds, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<GroupAddResult>> AddParticipantsAsync(string groupId, IReadOnlyList<string> participantIds, CancellationToken cancellationToken = default);

    Task ChangeParticipantsAsync(string groupId, GroupParticipantChange change, IReadOnlyList<string> participantIds, CancellationToken cancellationToken = default);

    Task SetGroupPropertyAsync(string groupId, GroupProperty property, string value, CancellationToken cancellationToken = default);

    Task<string> GetInviteCodeAsync(string groupId, bool revoke, CancellationToken cancellationToken = default);

    Task LeaveGroupAsync(string groupId, CancellationToken cancellationToken = default);
}
