using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

/// <param name="ChatId">The contact's WhatsApp id.</param>
public sealed record BlockState(string ChatId, bool Blocked);

/// <summary>
/// Blocks or unblocks a contact through a connected instance of the caller's tenant, for the API and the chat thread:
/// a blocked contact's messages never arrive, and the number cannot write to it until unblocked.
/// </summary>
public sealed class BlockContactCommand(WhatsPortalDbContext db, IWhatsAppEngine engine)
{
    public const string NumberField = "number";

    public async Task<CommandResult<BlockState>> RunAsync(Guid instanceId, string? number, bool block, CancellationToken ct)
    {
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, ct)) return CommandResult<BlockState>.NotFound();
        if (PhoneNumberList.ParseOne(number, out var id) is { } error) return CommandResult<BlockState>.Invalid(NumberField, error);
        try
        {
            return CommandResult<BlockState>.Done(new(id, await engine.SetBlockedAsync(instanceId, id, block, ct)));
        }
        catch (InstanceStateException ex)
        {
            return CommandResult<BlockState>.Conflict("instance", ex.Sentence);
        }
    }
}
