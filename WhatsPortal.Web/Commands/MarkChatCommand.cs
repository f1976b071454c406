using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

/// <summary>A mark a chat carries on WhatsApp, for every device of the account.</summary>
public enum ChatMark
{
    /// <summary>Shown unread although nothing in it is (WhatsApp's "Mark as unread"); taking it off reads the chat.</summary>
    Unread,
    Archived,
}

/// <summary>
/// Puts a mark on a chat of the caller's tenant or takes it off, on WhatsApp and here, for the API and the chat list.
/// WhatsApp must be told, so the instance must be connected; only reading also works while it is not (see <see cref="ReadChatCommand"/>).
/// </summary>
public sealed class MarkChatCommand(WhatsPortalDbContext db, IWhatsAppEngine engine, ReadChatCommand read)
{
    /// <returns>The chat as it is now.</returns>
    public async Task<CommandResult<Chat>> RunAsync(Guid instanceId, Guid chatId, ChatMark mark, bool on, CancellationToken ct)
    {
        if (!await db.Chats.AnyAsync(c => c.Id == chatId && c.InstanceId == instanceId, ct)) return CommandResult<Chat>.NotFound();
        try
        {
            if (mark == ChatMark.Archived) await engine.SetChatArchivedAsync(instanceId, chatId, on, ct);
            else if (on) await engine.MarkChatUnreadAsync(instanceId, chatId, ct);
            else await read.RunAsync(instanceId, chatId, ct);
        }
        catch (InstanceStateException ex)
        {
            return CommandResult<Chat>.Conflict("instance", ex.Sentence);
        }
        return CommandResult<Chat>.Done(await db.Chats.AsNoTracking().SingleAsync(c => c.Id == chatId, ct));
    }
}
