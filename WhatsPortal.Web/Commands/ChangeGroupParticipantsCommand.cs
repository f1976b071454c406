using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Groups;

namespace WhatsPortal.Web.Commands;

public enum GroupParticipantAction { Add, Remove, Promote, Demote }

/// <summary>
/// Adds, removes, promotes or demotes participants of a group through a connected instance whose number is an admin of it,
/// as WhatsApp allows only admins to; adding answers per number, as WhatsApp does.
/// </summary>
public sealed class ChangeGroupParticipantsCommand(WhatsPortalDbContext db, IWhatsAppGroups groups)
{
    public async Task<CommandResult<IReadOnlyList<GroupAddOutcome>>> RunAsync(
        Guid instanceId, string? groupId, GroupParticipantAction action, IReadOnlyList<string?>? numbers, CancellationToken ct)
    {
        if (PhoneNumberList.Parse(numbers, CreateGroupCommand.MaxParticipants, out var ids) is { } errors)
            return CommandResult<IReadOnlyList<GroupAddOutcome>>.Invalid(errors);
        return await GroupCall.RunAsync<IReadOnlyList<GroupAddOutcome>>(db, instanceId, groupId ?? "", async group =>
        {
            if (action == GroupParticipantAction.Add)
                return GroupAddOutcome.Of(numbers!, ids, await groups.AddParticipantsAsync(instanceId, group, ids, ct));
            await groups.ChangeParticipantsAsync(instanceId, group, action switch
            {
                GroupParticipantAction.Remove => GroupParticipantChange.Remove,
                GroupParticipantAction.Promote => GroupParticipantChange.Promote,
                _ => GroupParticipantChange.Demote,
            }, ids, ct);
            return [];
        }, ct);
    }
}
