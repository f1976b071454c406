using WhatsPortal.Data;
using WhatsPortal.Engine.Groups;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Web.Commands;

/// <summary>Resets a group's invite link, as only its admins can: the old link stops working, and the new one is answered.</summary>
public sealed class RevokeGroupInviteCommand(WhatsPortalDbContext db, IWhatsAppGroups groups)
{
    public Task<CommandResult<GroupInviteLink>> RunAsync(Guid instanceId, string? groupId, CancellationToken ct) =>
        GroupCall.RunAsync(db, instanceId, groupId ?? "", async group => GroupInviteLink.Of(group, await groups.GetInviteCodeAsync(instanceId, group, revoke: true, ct)), ct);
}
