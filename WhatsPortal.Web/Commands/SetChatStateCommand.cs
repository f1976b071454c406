using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Contacts;

namespace WhatsPortal.Web.Commands;

/// <summary>
/// Shows the other side of a chat "typing…" or "recording audio…", or stops showing it, through a connected instance of
/// the caller's tenant. Nothing is stored: WhatsApp shows it while it lasts, and a message sent ends it.
/// </summary>
public sealed class SetChatStateCommand(WhatsPortalDbContext db, IWhatsAppEngine engine)
{
    public sealed record Shown(string ChatId, ChatState State);

    public async Task<CommandResult<Shown>> RunAsync(Guid instanceId, string? chatId, string? state, CancellationToken ct)
    {
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, ct)) return CommandResult<Shown>.NotFound();
        var errors = new Dictionary<string, Sentence[]>();
        var id = WhatsAppIds.NormalizeRecipient(chatId);
        if (id is null) errors["chatId"] = [new Sentence("'{0}' is not a phone number with country code (e.g. 5511999990000) or a WhatsApp id.", chatId)];
        if (!SnakeCaseEnum<ChatState>.TryParse(state, out var chatState))
            errors["state"] = [new Sentence("'{0}' is not a chat state; use composing, recording or paused.", state)];
        if (errors.Count > 0) return CommandResult<Shown>.Invalid(errors);
        try
        {
            await engine.SetChatStateAsync(instanceId, id!, chatState, ct);
            return CommandResult<Shown>.Done(new(id!, chatState));
        }
        catch (InstanceStateException ex)
        {
            return CommandResult<Shown>.Conflict("instance", ex.Sentence);
        }
    }
}
