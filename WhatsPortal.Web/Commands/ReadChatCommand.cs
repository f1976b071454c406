using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

/// <summary>Someone read a chat in the portal: its unread count and unread mark go here and, when the instance runs, on WhatsApp (blue ticks for the sender).</summary>
public sealed class ReadChatCommand(WhatsPortalDbContext db, IWhatsAppEngine engine)
{
    /// <returns>False when the chat is not the caller's.</returns>
    public async Task<bool> RunAsync(Guid instanceId, Guid chatId, CancellationToken ct)
    {
        var chat = await db.Chats.SingleOrDefaultAsync(c => c.Id == chatId && c.InstanceId == instanceId, ct);
        if (chat is null) return false;
        if (chat.UnreadCount == 0 && !chat.MarkedUnread) return true;
        chat.UnreadCount = 0;
        chat.MarkedUnread = false;
        await db.SaveChangesAsync(ct);
        try { await engine.MarkChatReadAsync(instanceId, chatId, ct); }
        catch (Exception ex) when (ex is InstanceStateException or InstanceNotFoundException) { /* read on WhatsApp the next time it runs and the thread is opened */ }
        return true;
    }
}
