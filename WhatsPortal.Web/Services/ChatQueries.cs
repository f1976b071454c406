using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Services;

/// <summary>What a thread page shows above its messages.</summary>
public sealed record ChatHeader(Instance Instance, InstanceStatus Status, Chat Chat);

/// <summary>
/// Chats and their messages as the API and the portal read them, through the caller's tenant-scoped context: another
/// tenant's instance, chat or message is absent (null), exactly like one that does not exist.
/// </summary>
public sealed class ChatQueries(WhatsPortalDbContext db)
{
    /// <summary>The instance's chats, most recent first, only the archived or the other ones when <paramref name="archived"/> says; null when the instance is not the caller's.</summary>
    public async Task<List<Chat>?> ChatsAsync(Guid instanceId, int limit, int offset = 0, bool? archived = null, CancellationToken ct = default)
    {
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, ct)) return null;
        return await db.Chats.AsNoTracking().Where(c => c.InstanceId == instanceId && (archived == null || c.Archived == archived))
            .OrderByDescending(c => c.LastMessageAt).ThenBy(c => c.RemoteId).Skip(offset).Take(limit).ToListAsync(ct);
    }

    /// <summary>The chat with its instance, whose status row its owner writes at every transition.</summary>
    public async Task<ChatHeader?> HeaderAsync(Guid instanceId, Guid chatId, CancellationToken ct = default)
    {
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, ct);
        var chat = instance is null ? null : await db.Chats.AsNoTracking().SingleOrDefaultAsync(c => c.Id == chatId && c.InstanceId == instanceId, ct);
        return chat is null ? null : new ChatHeader(instance!, instance!.Status, chat);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> messages of the chat, newest first, older than <paramref name="before"/> when given
    /// (keyset paging: stable while new messages arrive). Null when <paramref name="before"/> is not a message of the chat.
    /// </summary>
    public async Task<List<Message>?> MessagesAsync(Guid chatId, Guid? before, int limit, CancellationToken ct = default)
    {
        var query = db.Messages.AsNoTracking().Where(m => m.ChatId == chatId);
        if (before is { } beforeId)
        {
            var anchor = await db.Messages.AsNoTracking().Where(m => m.Id == beforeId && m.ChatId == chatId).Select(m => new { m.CreatedAt, m.Id }).SingleOrDefaultAsync(ct);
            if (anchor is null) return null;
            query = query.Where(m => m.CreatedAt < anchor.CreatedAt || (m.CreatedAt == anchor.CreatedAt && m.Id.CompareTo(anchor.Id) < 0));
        }
        return await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(limit).ToListAsync(ct);
    }

    /// <summary>The reactions to these messages, by message (oldest first).</summary>
    public async Task<ILookup<Guid, MessageReaction>> ReactionsAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken ct = default) =>
        (await db.MessageReactions.AsNoTracking().Where(r => messageIds.Contains(r.MessageId)).OrderBy(r => r.At).ToListAsync(ct))
            .ToLookup(r => r.MessageId);

    /// <summary>Stored messages of the instance with these WhatsApp ids (those a reply quotes).</summary>
    public Task<List<Message>> ByWhatsAppIdsAsync(Guid instanceId, IReadOnlyCollection<string> whatsAppIds, CancellationToken ct = default) =>
        db.Messages.AsNoTracking().Where(m => m.InstanceId == instanceId && m.WhatsAppId != null && whatsAppIds.Contains(m.WhatsAppId)).ToListAsync(ct);
    /// <summary>
    /// The instance's messages with <paramref name="status"/>, by due time (scheduled ones) or creation, oldest first;
    /// null when the instance is not the caller's.
    /// </summary>
    public async Task<List<Message>?> MessagesWithStatusAsync(Guid instanceId, MessageStatus status, int limit, int offset = 0, CancellationToken ct = default)
    {
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, ct)) return null;
        return await db.Messages.AsNoTracking().Where(m => m.InstanceId == instanceId && m.Status == status)
            .OrderBy(m => m.SendAt ?? m.CreatedAt).ThenBy(m => m.Id).Skip(offset).Take(limit).ToListAsync(ct);
    }

    /// <summary>The chat's scheduled messages, soonest first: what the thread lists for cancelling.</summary>
    public Task<List<Message>> ScheduledAsync(Guid instanceId, Guid chatId, CancellationToken ct = default) =>
        db.Messages.AsNoTracking().Where(m => m.InstanceId == instanceId && m.ChatId == chatId && m.Status == MessageStatus.Scheduled)
            .OrderBy(m => m.SendAt).ThenBy(m => m.Id).ToListAsync(ct);

    public Task<Message?> MessageAsync(Guid instanceId, Guid messageId, CancellationToken ct = default) =>
        db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == messageId && m.InstanceId == instanceId, ct);
}
