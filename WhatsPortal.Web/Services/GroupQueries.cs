using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Groups;
using WhatsPortal.Web.Commands;

namespace WhatsPortal.Web.Services;

public sealed record GroupSummary(string Id, string? Subject);

/// <param name="Number">The participant's phone id (5511988887777@c.us) when WhatsApp knows it; null for someone known only by LID.</param>
/// <param name="Lid">Their LID (…@lid) when WhatsApp knows it.</param>
public sealed record GroupParticipant(string? Number, string? Lid, bool IsAdmin, bool IsSuperAdmin);

public sealed record GroupDetails(string Id, string? Subject, string? Description, IReadOnlyList<GroupParticipant> Participants);

/// <param name="Url">The link people open to join: https://chat.whatsapp.com/{code}.</param>
public sealed record GroupInviteLink(string GroupId, string Code, string Url)
{
    public static GroupInviteLink Of(string groupId, string code) => new(groupId, code, "https://chat.whatsapp.com/" + code);
}

/// <summary>The groups of an instance of the caller's tenant, as WhatsApp has them now (asked of the running instance).</summary>
public sealed class GroupQueries(WhatsPortalDbContext db, IWhatsAppGroups groups)
{
    public Task<CommandResult<IReadOnlyList<GroupSummary>>> ListAsync(Guid instanceId, CancellationToken ct) =>
        GroupCall.RunAsync<IReadOnlyList<GroupSummary>>(db, instanceId, null,
            async _ => [.. (await groups.ListAsync(instanceId, ct)).Select(g => new GroupSummary(g.Id, g.Subject))], ct);

    public Task<CommandResult<GroupDetails>> GetAsync(Guid instanceId, string? groupId, CancellationToken ct) =>
        GroupCall.RunAsync(db, instanceId, groupId ?? "", async id =>
        {
            var group = await groups.GetAsync(instanceId, id, ct);
            return new GroupDetails(group.Id, group.Subject, group.Description, [.. group.Participants.Select(p =>
            {
                var who = WhatsAppIds.IdentityOf(p.Id, p.Lid, p.Phone);
                return new GroupParticipant(WhatsAppIds.IsPhone(who.RemoteId) ? who.RemoteId : null, who.Lid, p.IsAdmin, p.IsSuperAdmin);
            })]);
        }, ct);

    /// <summary>The group's invite link; only admins may see it, as on WhatsApp.</summary>
    public Task<CommandResult<GroupInviteLink>> InviteLinkAsync(Guid instanceId, string? groupId, CancellationToken ct) =>
        GroupCall.RunAsync(db, instanceId, groupId ?? "", async id => GroupInviteLink.Of(id, await groups.GetInviteCodeAsync(instanceId, id, revoke: false, ct)), ct);
}

public static class GroupServices
{
    /// <summary>Groups: the commands the API and the portal share, and the reads of what WhatsApp has.</summary>
    public static IServiceCollection AddGroups(this IServiceCollection services) => services
        .AddScoped<CreateGroupCommand>()
        .AddScoped<ChangeGroupParticipantsCommand>()
        .AddScoped<SetGroupPropertyCommand>()
        .AddScoped<RevokeGroupInviteCommand>()
        .AddScoped<LeaveGroupCommand>()
        .AddScoped<GroupQueries>();
}
