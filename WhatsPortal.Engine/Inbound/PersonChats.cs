using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Outbound;

namespace WhatsPortal.Engine.Inbound;

/// <summary>
/// One person is one chat, whichever id WhatsApp names them by. A chat that began under a LID takes the person's
/// number once WhatsApp knows it; when the number already had its own chat (a send to the number), the LID's chat
/// is merged into it, messages and unread count included.
/// </summary>
internal static class PersonChats
{
    public static async Task<Chat> GetOrCreateAsync(WhatsPortalDbContextFactory databases, Guid tenantId, Guid instanceId, ChatIdentity who, CancellationToken cancellationToken)
    {
        if (who.Lid is null) return await OutboundQueue.GetOrCreateChatAsync(databases, tenantId, instanceId, who.RemoteId, cancellationToken);
        if (await FindAsync(databases, tenantId, instanceId, who, cancellationToken) is { } found) return found;
        await using var db = databases.ForTenant(tenantId);
        var chat = new Chat { InstanceId = instanceId, RemoteId = who.RemoteId, Lid = who.Lid };
        db.Chats.Add(chat);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return chat;
        }
        catch (DbUpdateException)
        {
            // Another message of the same person created it first: that one, brought up to what is known now.
            return await FindAsync(databases, tenantId, instanceId, who, cancellationToken)
                ?? throw new InvalidOperationException("The chat collided on creation but no chat holds its ids.");
        }
    }

    /// <summary>The person's chat under their number or their LID, brought up to the ids known now; null when they have none.</summary>
    private static async Task<Chat?> FindAsync(WhatsPortalDbContextFactory databases, Guid tenantId, Guid instanceId, ChatIdentity who, CancellationToken cancellationToken)
    {
        var lid = who.Lid!;
        await using var db = databases.ForTenant(tenantId);
        var chats = await db.Chats
            .Where(c => c.InstanceId == instanceId && (c.RemoteId == who.RemoteId || c.Lid == lid || c.RemoteId == lid))
            .ToListAsync(cancellationToken);
        var underNumber = who.RemoteId == lid ? null : chats.FirstOrDefault(c => c.RemoteId == who.RemoteId);
        var underLid = chats.FirstOrDefault(c => c != underNumber && (c.Lid == lid || c.RemoteId == lid));
        // The number is not known (yet): the person's chat is whichever already has their LID.
        if (who.RemoteId == lid) return underLid;
        if (underNumber is not null)
        {
            if (underLid is not null) await MergeAsync(db, underLid, underNumber, lid, cancellationToken);
            else if (underNumber.Lid != lid)
            {
                underNumber.Lid = lid;
                await db.SaveChangesAsync(cancellationToken);
            }
            return underNumber;
        }
        if (underLid is null) return null;
        underLid.RemoteId = who.RemoteId;
        underLid.Lid = lid;
        await RenameSendersAsync(db, underLid.Id, lid, who.RemoteId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return underLid;
    }

    /// <summary>Moves the LID chat's messages into the number's chat, which takes the LID, and removes it; in one transaction.</summary>
    private static async Task MergeAsync(WhatsPortalDbContext db, Chat from, Chat into, string lid, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Messages.Where(m => m.ChatId == from.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ChatId, into.Id), cancellationToken);
        await RenameSendersAsync(db, into.Id, lid, into.RemoteId, cancellationToken);
        into.UnreadCount += from.UnreadCount;
        into.Name ??= from.Name;
        if (from.LastMessageAt > (into.LastMessageAt ?? DateTime.MinValue))
        {
            into.LastMessageAt = from.LastMessageAt;
            into.LastMessagePreview = from.LastMessagePreview;
        }
        // Removed before the number's chat takes the LID: a LID belongs to one chat of the instance only.
        db.Chats.Remove(from);
        await db.SaveChangesAsync(cancellationToken);
        into.Lid = lid;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Messages the person sent under their LID name them by their number from now on, as their chat does.</summary>
    private static Task RenameSendersAsync(WhatsPortalDbContext db, Guid chatId, string lid, string phone, CancellationToken cancellationToken) =>
        db.Messages.Where(m => m.ChatId == chatId && m.SenderId == lid)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SenderId, phone), cancellationToken);
}
