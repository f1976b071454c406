using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Contacts;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Engine.Events;
using WhatsPortal.Engine.Groups;
using WhatsPortal.Engine.Sessions;

namespace WhatsPortal.Engine.Cluster;

/// <summary>
/// The owner of one instance: its activation holds the instance's session on this node, through the node's
/// <see cref="InstanceSupervisor"/> (which keeps the session table, MaxInstances and Chromium). It stays active while
/// the session runs and, when it goes (the node shuts down or is drained, Orleans moved it), stops the session without
/// touching AutoStart, so the reconciler starts it again on another node.
/// </summary>
/// <remarks>
/// Reentrant: the supervisor serialises lifecycle changes itself, and a long call (a paced number check, a pairing
/// code) must not hold up a wake-up, a stop or a status read.
/// </remarks>
[Reentrant]
[InstancePlacement]
internal sealed class InstanceGrain(InstanceSupervisor supervisor, ILogger<InstanceGrain> logger) : Grain, IInstanceGrain
{
    /// <summary>How often an activation checks that its session still runs; the check keeps the activation alive meanwhile.</summary>
    private static readonly TimeSpan SessionCheckPeriod = TimeSpan.FromSeconds(30);

    private IGrainTimer? _keepAlive;

    private Guid InstanceId => this.GetPrimaryKey();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        KeepAliveWhileRunning();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!supervisor.IsRunning(InstanceId)) return;
        logger.LogInformation("Instance {InstanceId} leaves this node ({Reason})", InstanceId, reason);
        await supervisor.ReleaseAsync(InstanceId, reason.ReasonCode == DeactivationReasonCode.ShuttingDown ? "The engine shut down." : "Moving to another node.");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await StartingAsync(() => supervisor.StartAsync(InstanceId, cancellationToken));
    }

    public async Task EnsureRunningAsync(CancellationToken cancellationToken)
    {
        // An activation left on a drained node (the call came before it went): it moves, and the next round starts it there.
        if (supervisor.Draining && !supervisor.IsRunning(InstanceId))
        {
            MigrateOnIdle();
            return;
        }
        await StartingAsync(() => supervisor.EnsureRunningAsync(InstanceId, cancellationToken));
    }

    public Task StopAsync(CancellationToken cancellationToken) => supervisor.StopAsync(InstanceId, cancellationToken);

    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StartingAsync(() => supervisor.RestartAsync(InstanceId, cancellationToken));
    }

    public Task LogoutAsync(CancellationToken cancellationToken) => supervisor.LogoutAsync(InstanceId, cancellationToken);

    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        await supervisor.DeleteAsync(InstanceId, cancellationToken);
        DeactivateOnIdle();
    }

    public async Task HandOverAsync(CancellationToken cancellationToken)
    {
        await supervisor.ReleaseAsync(InstanceId, "Moving to another node.");
        MigrateOnIdle();
    }

    public Task<InstanceStatus?> GetStatusAsync() => Task.FromResult(Answer(supervisor.GetStatus(InstanceId)));

    public Task<QrCode?> GetQrAsync() => Task.FromResult(Answer(supervisor.GetQr(InstanceId)));

    public Task WakeAsync()
    {
        supervisor.NotifyQueued(InstanceId);
        Answer(true);
        return Task.CompletedTask;
    }

    public Task<string> RequestPairingCodeAsync(string digits, CancellationToken cancellationToken) => supervisor.RequestPairingCodeAsync(InstanceId, digits, cancellationToken);

    public Task MarkChatReadAsync(Guid chatId, CancellationToken cancellationToken) => supervisor.MarkChatReadAsync(InstanceId, chatId, cancellationToken);

    public Task MarkChatUnreadAsync(Guid chatId, CancellationToken cancellationToken) => supervisor.MarkChatUnreadAsync(InstanceId, chatId, cancellationToken);

    public Task SetChatArchivedAsync(Guid chatId, bool archived, CancellationToken cancellationToken) => supervisor.SetChatArchivedAsync(InstanceId, chatId, archived, cancellationToken);

    public Task<IReadOnlyList<NumberCheck>> CheckNumbersAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) => supervisor.CheckNumbersAsync(InstanceId, ids, cancellationToken);

    public Task<IReadOnlyList<string>> SubscribePresenceAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) => supervisor.SubscribePresenceAsync(InstanceId, ids, cancellationToken);

    public Task SetChatStateAsync(string chatId, ChatState state, CancellationToken cancellationToken) => supervisor.SetChatStateAsync(InstanceId, chatId, state, cancellationToken);

    public Task<string?> GetProfilePictureUrlAsync(string chatId, CancellationToken cancellationToken) => supervisor.GetProfilePictureUrlAsync(InstanceId, chatId, cancellationToken);

    public Task<bool> SetBlockedAsync(string chatId, bool blocked, CancellationToken cancellationToken) => supervisor.SetBlockedAsync(InstanceId, chatId, blocked, cancellationToken);

    public Task<bool> IsBlockedAsync(string chatId, CancellationToken cancellationToken) => supervisor.IsBlockedAsync(InstanceId, chatId, cancellationToken);

    public Task<IReadOnlyList<WhatsAppGroupSummary>> ListGroupsAsync(CancellationToken cancellationToken) => supervisor.ListAsync(InstanceId, cancellationToken);

    public Task<WhatsAppGroup> GetGroupAsync(string groupId, CancellationToken cancellationToken) => supervisor.GetAsync(InstanceId, groupId, cancellationToken);

    public Task<WhatsAppGroupCreated> CreateGroupAsync(string subject, IReadOnlyList<string> participantIds, CancellationToken cancellationToken) =>
        supervisor.CreateAsync(InstanceId, subject, participantIds, cancellationToken);

    public Task<IReadOnlyList<GroupAddResult>> AddParticipantsAsync(string groupId, IReadOnlyList<string> participantIds, CancellationToken cancellationToken) =>
        supervisor.AddParticipantsAsync(InstanceId, groupId, participantIds, cancellationToken);

    public Task ChangeParticipantsAsync(string groupId, GroupParticipantChange change, IReadOnlyList<string> participantIds, CancellationToken cancellationToken) =>
        supervisor.ChangeParticipantsAsync(InstanceId, groupId, change, participantIds, cancellationToken);

    public Task SetGroupPropertyAsync(string groupId, GroupProperty property, string value, CancellationToken cancellationToken) =>
        supervisor.SetPropertyAsync(InstanceId, groupId, property, value, cancellationToken);

    public Task<string> GetInviteCodeAsync(string groupId, bool revoke, CancellationToken cancellationToken) => supervisor.GetInviteCodeAsync(InstanceId, groupId, revoke, cancellationToken);

    public Task LeaveGroupAsync(string groupId, CancellationToken cancellationToken) => supervisor.LeaveAsync(InstanceId, groupId, cancellationToken);

    private async Task StartingAsync(Func<Task> start)
    {
        try
        {
            await start();
        }
        finally
        {
            // Not started here (this node is full or drained): placed anew now. A plain deactivation would not do: callers
            // keep this node's address and, finding no activation here, a message activates the grain here again.
            if (supervisor.IsRunning(InstanceId)) KeepAliveWhileRunning();
            else MigrateOnIdle();
        }
    }

    /// <summary>
    /// A read needs no owner: an activation without a session leaves again at once, so that the next start is placed
    /// by the load of the moment rather than wherever this read happened to land.
    /// </summary>
    private T Answer<T>(T answer)
    {
        if (!supervisor.IsRunning(InstanceId) && _keepAlive is null) DeactivateOnIdle();
        return answer;
    }

    private void KeepAliveWhileRunning()
    {
        if (_keepAlive is not null || !supervisor.IsRunning(InstanceId)) return;
        _keepAlive = this.RegisterGrainTimer(CheckSession, new GrainTimerCreationOptions(SessionCheckPeriod, SessionCheckPeriod) { KeepAlive = true, Interleave = true });
    }

    /// <summary>A session that ended on its own (logged out, QR attempts used up) no longer needs its activation kept.</summary>
    private Task CheckSession()
    {
        if (!supervisor.IsRunning(InstanceId))
        {
            _keepAlive?.Dispose();
            _keepAlive = null;
        }
        return Task.CompletedTask;
    }
}
