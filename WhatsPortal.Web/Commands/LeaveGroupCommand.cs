using WhatsPortal.Data;
using WhatsPortal.Engine.Groups;

namespace WhatsPortal.Web.Commands;

public sealed record LeftGroup(string GroupId);

/// <summary>The instance's number leaves a group; when it was the last admin, WhatsApp makes another participant admin.</summary>
public sealed class LeaveGroupCommand(WhatsPortalDbContext db, IWhatsAppGroups groups)
{
    public Task<CommandResult<LeftGroup>> RunAsync(Guid instanceId, string? groupId, CancellationToken ct) =>
        GroupCall.RunAsync(db, instanceId, groupId ?? "", async group =>
        {
            await groups.LeaveAsync(instanceId, group, ct);
            return new LeftGroup(group);
        }, ct);
}
