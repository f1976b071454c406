using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;

namespace WhatsPortal.Engine.Inbound;

/// <summary>
/// What a reaction, an edit or a revoke does to a stored message, the same whether WhatsApp told us (someone else did
/// it, or another device of the account) or our own action was sent. Each returns the event to journal with the change,
/// or null when the message already was that way (WhatsApp repeats itself, e.g. echoing our own reaction).
/// </summary>
internal static class MessageChanges
{
    public static async Task<MessageReactionChanged?> ReactAsync(WhatsPortalDbContext db, Message message, string senderId, bool fromMe, string emoji, DateTime at, CancellationToken cancellationToken)
    {
        var existing = await db.MessageReactions.FirstOrDefaultAsync(r => r.MessageId == message.Id && r.SenderId == senderId, cancellationToken);
        if (emoji.Length == 0)
        {
            if (existing is null) return null;
            db.MessageReactions.Remove(existing);
        }
        else if (existing is null)
        {
            db.MessageReactions.Add(new MessageReaction { TenantId = message.TenantId, InstanceId = message.InstanceId, MessageId = message.Id, SenderId = senderId, FromMe = fromMe, Emoji = emoji, At = at });
        }
        else
        {
            if (existing.Emoji == emoji) return null;
            existing.Emoji = emoji;
            existing.At = at;
        }
        return new MessageReactionChanged(message.TenantId, message.InstanceId, at, message.Id, message.ChatId, senderId, fromMe, emoji);
    }

    public static MessageEditedEvent? Edit(Message message, string text, DateTime at)
    {
        if (message.Revoked || (message.Text == text && message.EditedAt is not null)) return null;
        message.Text = text.Length > Message.TextMaxLength ? text[..Message.TextMaxLength] : text;
        message.EditedAt = at;
        return new MessageEditedEvent(message.TenantId, message.InstanceId, at, message.Id, message.ChatId, message.Text);
    }

    public static MessageRevokedEvent? Revoke(Message message, DateTime at)
    {
        if (message.Revoked) return null;
        message.Revoked = true;
        return new MessageRevokedEvent(message.TenantId, message.InstanceId, at, message.Id);
    }
}
