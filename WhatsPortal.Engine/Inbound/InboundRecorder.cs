using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Engine.Events;
using WhatsPortal.Engine.Outbound;

namespace WhatsPortal.Engine.Inbound;

/// <summary>
/// Stores what WhatsApp tells an instance: new messages (with their chats), acks, revokes, and the recent
/// history imported after connecting. A message is stored once per (instance, WhatsApp id).
/// </summary>
internal sealed class InboundRecorder(
    WhatsPortalDbContextFactory databases,
    EnginePaths paths,
    EventJournal journal,
    TimeProvider time,
    IOptions<EngineOptions> options,
    ILogger<InboundRecorder> logger)
{
    /// <param name="live">A message just arrived (counts as unread); false for imported history.</param>
    public async Task RecordMessageAsync(Guid tenantId, Guid instanceId, WhatsAppMessage seen, bool live, CancellationToken cancellationToken)
    {
        if (!WhatsAppIds.IsConversation(seen.ChatId)) return;
        var chat = await PersonChats.GetOrCreateAsync(databases, tenantId, instanceId, WhatsAppIds.IdentityOf(seen.ChatId, seen.Lid, seen.Phone), cancellationToken);
        await using var db = databases.ForTenant(tenantId);
        var now = time.GetUtcNow().UtcDateTime;
        var known = await db.Messages.FirstOrDefaultAsync(m => m.InstanceId == instanceId && m.WhatsAppId == seen.Id, cancellationToken);
        if (known is not null)
        {
            // History imported on connecting can store a message that was arriving at that moment, without its file.
            if (known.MediaPath is null && known.Error is null && seen.Media is { } late) await KeepMediaAsync(known, late, cancellationToken);
            if (Advance(known, seen.Ack, now) is { } advanced) await journal.SaveAsync(db, advanced, cancellationToken);
            else await db.SaveChangesAsync(cancellationToken);
            return;
        }

        if (await OutboundQueue.AdoptAsync(db, instanceId, chat.Id, seen, cancellationToken) is { } adopted)
        {
            adopted.WhatsAppId = seen.Id;
            adopted.SentAt ??= DateTimeOffset.FromUnixTimeSeconds(seen.T).UtcDateTime;
            adopted.Error = null;
            OutboundQueue.ApplyStatus(adopted, WhatsAppIds.StatusOfAck(seen.Ack) is { } acked && WhatsAppIds.IsAdvance(MessageStatus.Sent, acked) ? acked : MessageStatus.Sent, now);
            await journal.SaveAsync(db, new MessageStatusChanged(tenantId, instanceId, now, adopted.Id, adopted.Status, null), cancellationToken);
            logger.LogInformation("Message {MessageId} of instance {InstanceId} was already on WhatsApp as {WhatsAppId}; marked sent instead of sending again", adopted.Id, instanceId, seen.Id);
            return;
        }

        var type = WhatsAppIds.MessageTypeOf(seen.Type);
        var at = seen.T > 0 ? DateTimeOffset.FromUnixTimeSeconds(seen.T).UtcDateTime : now;
        var message = new Message
        {
            InstanceId = instanceId,
            ChatId = chat.Id,
            Direction = seen.FromMe ? MessageDirection.Outbound : MessageDirection.Inbound,
            Status = seen.FromMe ? WhatsAppIds.StatusOfAck(seen.Ack) ?? MessageStatus.Sent : MessageStatus.Received,
            Type = type,
            Text = seen.Text is { Length: > Message.TextMaxLength } long_ ? long_[..Message.TextMaxLength] : seen.Text,
            WhatsAppId = seen.Id,
            // In a person's chat the sender is that person, named as their chat is (by number when known, not by LID).
            // In a group, the participant who wrote, by number whenever WhatsApp knows it (they may have written under their LID).
            SenderId = seen.FromMe ? null : seen.AuthorPhone ?? seen.Author ?? (WhatsAppIds.IsGroup(chat.RemoteId) ? seen.From : chat.RemoteId),
            MediaMimeType = seen.Mimetype,
            MediaFileName = seen.Filename,
            MediaSize = seen.Size,
            Content = InboundContent.Of(type, seen.Content),
            CreatedAt = at,
            SentAt = seen.FromMe ? at : null,
            QuotedWhatsAppId = seen.QuotedId is { } quoted ? (await FindAsync(db, instanceId, quoted, cancellationToken))?.WhatsAppId ?? quoted : null,
            EditedAt = seen.EditedAtMs is { } editedAt ? DateTimeOffset.FromUnixTimeMilliseconds(editedAt).UtcDateTime : null,
            Mentions = Mentions.Write(seen.Mentions ?? []),
        };
        if (seen.Media is { } media) await KeepMediaAsync(message, media, cancellationToken);
        db.Messages.Add(message);

        var tracked = await db.Chats.FirstAsync(c => c.Id == chat.Id, cancellationToken);
        if (!seen.FromMe && tracked.Name is null && !WhatsAppIds.IsGroup(tracked.RemoteId)) tracked.Name = seen.NotifyName;
        // WhatsApp's default: a message received in an archived chat brings it back, and its unread count replaces an unread mark.
        var unmarked = !seen.FromMe && live && (tracked.Archived || tracked.MarkedUnread);
        if (!seen.FromMe && live) tracked.UnreadCount++;
        if (unmarked) tracked.Archived = tracked.MarkedUnread = false;
        if (tracked.LastMessageAt is null || tracked.LastMessageAt <= at)
        {
            tracked.LastMessageAt = at;
            tracked.LastMessagePreview = WhatsAppIds.Preview(message.Text, type);
        }
        EngineEvent stored = new MessageStored(tenantId, instanceId, now, message.Id, chat.Id, message.Direction);
        IReadOnlyList<EngineEvent> events = unmarked ? [stored, ChatUpdated.Of(tracked, now)] : [stored];
        await journal.SaveAsync(db, events, cancellationToken);
        logger.LogDebug("Stored {Direction} message {MessageId} of instance {InstanceId} in chat {ChatId}", message.Direction, message.Id, instanceId, seen.ChatId);
    }

    /// <summary>
    /// Stores the file the page downloaded with the message, where sent media are stored, so the portal and the API
    /// serve both the same way. A file that is missing, too large or unreadable leaves the message without media and
    /// with the reason in its error, never silently dropped.
    /// </summary>
    private async Task KeepMediaAsync(Message message, DownloadedMedia media, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxMediaBytes;
        message.MediaSize = media.Size ?? message.MediaSize;
        var problem = media.Error;
        byte[]? bytes = null;
        try
        {
            if (media.Data is { } data) bytes = Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            problem = "the page handed over invalid base64";
        }
        if (bytes?.LongLength > limit)
        {
            problem = $"larger than {limit} bytes";
            bytes = null;
        }
        if (bytes is not null)
        {
            try
            {
                message.MediaPath = await paths.SaveMediaAsync(message.InstanceId, message.Id, message.MediaFileName, bytes, cancellationToken);
                if (media.Mimetype is { Length: > 0 and <= Message.MimeTypeMaxLength } mimetype) message.MediaMimeType = mimetype;
                message.MediaSize = bytes.LongLength;
            }
            catch (IOException ex)
            {
                problem = $"it could not be written: {ex.Message}";
            }
        }
        if (message.MediaPath is not null) return;
        var error = $"The media file was not kept: {problem ?? "the page handed over no file"}.";
        message.Error = error.Length > Message.ErrorMaxLength ? error[..Message.ErrorMaxLength] : error;
        logger.LogWarning("Instance {InstanceId} kept no media for message {WhatsAppId}: {Error}", message.InstanceId, message.WhatsAppId, error);
    }

    /// <summary>An event that changes nothing stored but must reach integrators even across a crash (a group's change): journaled alone.</summary>
    public async Task RecordAsync(EngineEvent engineEvent, CancellationToken cancellationToken)
    {
        await using var db = databases.ForTenant(engineEvent.TenantId);
        await journal.SaveAsync(db, engineEvent, cancellationToken);
    }

    /// <summary>Applies acks in their order, with one read and one commit for all of them.</summary>
    public async Task ApplyAcksAsync(Guid tenantId, Guid instanceId, IReadOnlyList<AckChanged> acks, CancellationToken cancellationToken)
    {
        // Relaxed: a commit the machine (not the app) loses leaves a status one step behind, never a message lost or sent twice.
        await using var db = databases.ForTenant(tenantId, CommitDurability.Relaxed);
        var ids = acks.SelectMany(a => a.Ids).Distinct().ToList();
        var messages = await db.Messages
            .Where(m => m.InstanceId == instanceId && m.Direction == MessageDirection.Outbound && m.WhatsAppId != null && ids.Contains(m.WhatsAppId))
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var changes = new List<EngineEvent>();
        foreach (var ack in acks)
            foreach (var message in messages.Where(m => ack.Ids.Contains(m.WhatsAppId!)))
                if (Advance(message, ack.Ack, now) is { } advanced) changes.Add(advanced);
        if (changes.Count > 0) await journal.SaveAsync(db, changes, cancellationToken);
    }

    public async Task RevokeAsync(Guid tenantId, Guid instanceId, MessageRevoked revoke, CancellationToken cancellationToken)
    {
        await using var db = databases.ForTenant(tenantId);
        var message = await db.Messages.FirstOrDefaultAsync(m => m.InstanceId == instanceId && m.WhatsAppId == revoke.RefId, cancellationToken);
        if (message is not null && MessageChanges.Revoke(message, time.GetUtcNow().UtcDateTime) is { } revoked) await journal.SaveAsync(db, revoked, cancellationToken);
    }

    /// <summary>Keeps a voter's latest choice on the poll; a vote on a poll the instance does not have is dropped.</summary>
    public async Task RecordPollVoteAsync(Guid tenantId, Guid instanceId, PollVoted vote, CancellationToken cancellationToken)
    {
        await using var db = databases.ForTenant(tenantId);
        var poll = await db.Messages.FirstOrDefaultAsync(m => m.InstanceId == instanceId && m.WhatsAppId == vote.MsgId && m.Type == MessageType.Poll, cancellationToken);
        if (poll is null)
        {
            logger.LogDebug("Instance {InstanceId} got a vote on poll {WhatsAppId}, which it does not have", instanceId, vote.MsgId);
            return;
        }
        // The voter goes by their number whenever WhatsApp knows it, as chats do.
        var voter = WhatsAppIds.IdentityOf(vote.Sender, vote.Lid, vote.Phone).RemoteId;
        var votes = MessageContent.Votes(poll);
        var options = MessageContent.Poll(poll)?.Options.Count ?? 0;
        var chosen = vote.SelectedOptions.Where(o => o >= 0 && o < options).Distinct().Order().ToArray();
        if (chosen.Length == 0) votes.Remove(voter);
        else votes[voter] = chosen;
        poll.Votes = MessageContent.Write(votes);
        await journal.SaveAsync(db, new PollVoteRecorded(tenantId, instanceId, time.GetUtcNow().UtcDateTime, poll.Id, voter, chosen), cancellationToken);
    }

    /// <summary>A reaction to a stored message (one WhatsApp reacted to that we never stored is left out).</summary>
    public async Task ReactAsync(Guid tenantId, Guid instanceId, ReactionChanged reaction, CancellationToken cancellationToken)
    {
        await using var db = databases.ForTenant(tenantId);
        if (await FindAsync(db, instanceId, reaction.MessageId, cancellationToken) is not { } message) return;
        // In a person's chat the reactor is that person, named as their chat is (one person, one sender, under LID too).
        var chat = await db.Chats.AsNoTracking().FirstAsync(c => c.Id == message.ChatId, cancellationToken);
        var sender = reaction.FromMe ? MessageReaction.OwnSenderId : WhatsAppIds.IsGroup(chat.RemoteId) ? reaction.Sender ?? chat.RemoteId : chat.RemoteId;
        var at = reaction.Timestamp > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(reaction.Timestamp).UtcDateTime : time.GetUtcNow().UtcDateTime;
        var emoji = reaction.Reaction.Length > MessageReaction.EmojiMaxLength ? reaction.Reaction[..MessageReaction.EmojiMaxLength] : reaction.Reaction;
        if (await MessageChanges.ReactAsync(db, message, sender, reaction.FromMe, emoji, at, cancellationToken) is { } changed) await journal.SaveAsync(db, changed, cancellationToken);
    }

    /// <summary>Its sender edited a stored message: the text becomes the new one, and the message shows as edited.</summary>
    public async Task EditAsync(Guid tenantId, Guid instanceId, WhatsAppMessage edited, CancellationToken cancellationToken)
    {
        await using var db = databases.ForTenant(tenantId);
        if (await FindAsync(db, instanceId, edited.Id, cancellationToken) is not { } message) return;
        var at = edited.EditedAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime : time.GetUtcNow().UtcDateTime;
        if (MessageChanges.Edit(message, edited.Text ?? "", at) is { } changed) await journal.SaveAsync(db, changed, cancellationToken);
    }

    /// <summary>
    /// A stored message of the instance by its serialized WhatsApp id, or by the bare id (MsgKey.id) that replies and
    /// other references may carry; the bare id also finds a message stored under the other id of a LID person.
    /// </summary>
    private static async Task<Message?> FindAsync(WhatsPortalDbContext db, Guid instanceId, string whatsAppId, CancellationToken cancellationToken)
    {
        var exact = await db.Messages.FirstOrDefaultAsync(m => m.InstanceId == instanceId && m.WhatsAppId == whatsAppId, cancellationToken);
        if (exact is not null) return exact;
        var suffix = "_" + whatsAppId.Split('_')[^1];
        return await db.Messages.FirstOrDefaultAsync(m => m.InstanceId == instanceId && m.WhatsAppId != null && m.WhatsAppId.EndsWith(suffix), cancellationToken);
    }

    /// <summary>The instance read the chat: nothing unread, no unread mark, its received messages read.</summary>
    public async Task MarkChatReadAsync(Guid tenantId, Guid chatId, CancellationToken cancellationToken)
    {
        await using (var db = databases.ForTenant(tenantId))
        {
            var now = time.GetUtcNow().UtcDateTime;
            await db.Messages.Where(m => m.ChatId == chatId && m.Status == MessageStatus.Received)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Read).SetProperty(m => m.ReadAt, now), cancellationToken);
        }
        await ChangeChatAsync(tenantId, chatId, chat =>
        {
            chat.UnreadCount = 0;
            chat.MarkedUnread = false;
        }, cancellationToken);
    }

    /// <summary>Applies a change WhatsApp confirmed to the chat row, journaled as <see cref="ChatUpdated"/>.</summary>
    public async Task ChangeChatAsync(Guid tenantId, Guid chatId, Action<Chat> change, CancellationToken cancellationToken)
    {
        await using var db = databases.ForTenant(tenantId);
        if (await db.Chats.FirstOrDefaultAsync(c => c.Id == chatId, cancellationToken) is not { } chat) return;
        change(chat);
        await journal.SaveAsync(db, ChatUpdated.Of(chat, time.GetUtcNow().UtcDateTime), cancellationToken);
    }

    /// <summary>Brings in the recent chats and their last messages; a chat that fails is logged and skipped.</summary>
    public async Task ImportHistoryAsync(Guid tenantId, Guid instanceId, IWhatsAppDriver driver, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.ImportChatCount == 0) return;
        var chats = await driver.ListChatsAsync(settings.ImportChatCount, cancellationToken);
        foreach (var remote in chats.Where(c => WhatsAppIds.IsConversation(c.Id)))
        {
            try
            {
                await UpdateChatAsync(tenantId, instanceId, remote, cancellationToken);
                if (settings.ImportMessageCount == 0) continue;
                foreach (var message in await driver.GetMessagesAsync(remote.Id, settings.ImportMessageCount, cancellationToken))
                    await RecordMessageAsync(tenantId, instanceId, message, live: false, cancellationToken);
            }
            catch (WhatsAppCallException ex)
            {
                logger.LogWarning("Could not import chat {ChatId} of instance {InstanceId}: {Error}", remote.Id, instanceId, ex.Message);
            }
        }
        logger.LogInformation("Imported {ChatCount} recent chats of instance {InstanceId}", chats.Count, instanceId);
    }

    private async Task UpdateChatAsync(Guid tenantId, Guid instanceId, WhatsAppChat remote, CancellationToken cancellationToken)
    {
        var chat = await PersonChats.GetOrCreateAsync(databases, tenantId, instanceId, WhatsAppIds.IdentityOf(remote.Id, remote.Lid, remote.Phone), cancellationToken);
        await using var db = databases.ForTenant(tenantId);
        var tracked = await db.Chats.FirstAsync(c => c.Id == chat.Id, cancellationToken);
        if (remote.Name is { Length: > 0 } name) tracked.Name = name.Length > Chat.NameMaxLength ? name[..Chat.NameMaxLength] : name;
        tracked.UnreadCount = remote.UnreadCount;
        tracked.MarkedUnread = remote.MarkedUnread;
        tracked.Archived = remote.Archived;
        if (remote.T > 0)
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(remote.T).UtcDateTime;
            if (tracked.LastMessageAt is null || tracked.LastMessageAt < at) tracked.LastMessageAt = at;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Moves an outbound message to the status <paramref name="ack"/> stands for, if that is a step forward; the change to journal.</summary>
    private static MessageStatusChanged? Advance(Message message, int ack, DateTime now)
    {
        if (message.Direction != MessageDirection.Outbound) return null;
        if (WhatsAppIds.StatusOfAck(ack) is not { } status || !WhatsAppIds.IsAdvance(message.Status, status)) return null;
        OutboundQueue.ApplyStatus(message, status, now);
        if (status == MessageStatus.Failed) message.Error = "WhatsApp reported an error delivering the message (ack -1).";
        return new MessageStatusChanged(message.TenantId, message.InstanceId, now, message.Id, status, message.Error);
    }
}
