using WhatsPortal.Engine.Driver;
using WhatsPortal.Engine.Events;
using WhatsPortal.Engine.Groups;

namespace WhatsPortal.Engine.Sessions;

internal sealed partial class InstanceSupervisor
{
    public Task<IReadOnlyList<WhatsAppGroupSummary>> ListAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        AskGroupAsync(instanceId, d => d.ListGroupsAsync(cancellationToken));

    public Task<WhatsAppGroup> GetAsync(Guid instanceId, string groupId, CancellationToken cancellationToken = default) =>
        AskGroupAsync(instanceId, d => d.GetGroupAsync(groupId, cancellationToken));

    public Task<WhatsAppGroupCreated> CreateAsync(Guid instanceId, string subject, IReadOnlyList<string> participantIds, CancellationToken cancellationToken = default) =>
        AskGroupAsync(instanceId, d => d.CreateGroupAsync(subject, participantIds, cancellationToken));

    public Task<IReadOnlyList<GroupAddResult>> AddParticipantsAsync(Guid instanceId, string groupId, IReadOnlyList<string> participantIds, CancellationToken cancellationToken = default) =>
        AskGroupAsync(instanceId, d => d.AddParticipantsAsync(groupId, participantIds, cancellationToken));

    public Task ChangeParticipantsAsync(Guid instanceId, string groupId, GroupParticipantChange change, IReadOnlyList<string> participantIds, CancellationToken cancellationToken = default) =>
        AskGroupAsync(instanceId, async d =>
        {
            await d.ChangeParticipantsAsync(groupId, change.ToString().ToLowerInvariant(), participantIds, cancellationToken);
            return true;
        });

    public Task SetPropertyAsync(Guid instanceId, string groupId, GroupProperty property, string value, CancellationToken cancellationToken = default) =>
        AskGroupAsync(instanceId, async d =>
        {
            await d.SetGroupPropertyAsync(groupId, property.ToString().ToLowerInvariant(), value, cancellationToken);
            return true;
        });

    public async Task<string> GetInviteCodeAsync(Guid instanceId, string groupId, bool revoke, CancellationToken cancellationToken = default)
    {
        var code = await AskGroupAsync(instanceId, d => d.GetInviteCodeAsync(groupId, revoke, cancellationToken));
        // WhatsApp tells no one a link was reset; the instance that did it tells its integrators.
        if (revoke)
        {
            var session = Session(instanceId);
            await deps.Inbound.RecordAsync(new GroupUpdated(session.TenantId, instanceId, deps.Time.GetUtcNow().UtcDateTime, groupId, "invite_revoked", null, null), cancellationToken);
        }
        return code;
    }

    public Task LeaveAsync(Guid instanceId, string groupId, CancellationToken cancellationToken = default) =>
        AskGroupAsync(instanceId, async d =>
        {
            await d.LeaveGroupAsync(groupId, cancellationToken);
            return true;
        });

    /// <summary>WhatsApp's refusals become <see cref="GroupRefusedException"/>; a page that failed otherwise is a refusal of the moment.</summary>
    private async Task<T> AskGroupAsync<T>(Guid instanceId, Func<IWhatsAppDriver, Task<T>> call)
    {
        var driver = Session(instanceId).ConnectedDriver();
        try
        {
            return await call(driver);
        }
        catch (WhatsAppCallException ex) when (ex.Code is { } code)
        {
            throw new GroupRefusedException(GroupRefusedException.Of(code), ex.Message);
        }
        catch (Exception ex) when (ex is WhatsAppCallException or BrowserException)
        {
            throw new InstanceStateException("WhatsApp Web could not do this now ({0}); try again later.", ex.Message);
        }
    }
}
