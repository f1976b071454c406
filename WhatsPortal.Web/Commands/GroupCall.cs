using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Groups;

namespace WhatsPortal.Web.Commands;

/// <summary>
/// What every group command and query shares: the instance must be the caller's, the group id a group's, and WhatsApp's
/// refusals become the command's (not an admin: forbidden; no such group: not found; the rest: conflict).
/// </summary>
internal static partial class GroupCall
{
    public const string GroupField = "groupId";

    public static async Task<CommandResult<T>> RunAsync<T>(WhatsPortalDbContext db, Guid instanceId, string? groupId, Func<string, Task<T>> call, CancellationToken ct) where T : class
    {
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, ct)) return CommandResult<T>.NotFound();
        var id = groupId?.Trim() ?? "";
        if (groupId is not null && !GroupId().IsMatch(id))
            return CommandResult<T>.Invalid(GroupField, new Sentence("'{0}' is not a group id (digits followed by @g.us, as the group list gives them).", groupId));
        try
        {
            return CommandResult<T>.Done(await call(id));
        }
        catch (GroupRefusedException ex) when (ex.Refusal == GroupRefusal.NotAdmin)
        {
            return CommandResult<T>.Forbidden(GroupField, ex.Sentence);
        }
        catch (GroupRefusedException ex) when (ex.Refusal == GroupRefusal.GroupNotFound)
        {
            return CommandResult<T>.NotFound(GroupField, ex.Sentence);
        }
        catch (GroupRefusedException ex)
        {
            return CommandResult<T>.Conflict("participants", ex.Sentence);
        }
        catch (InstanceStateException ex)
        {
            return CommandResult<T>.Conflict("instance", ex.Sentence);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]+(-[0-9]+)?@g\.us$")]
    private static partial System.Text.RegularExpressions.Regex GroupId();
}
