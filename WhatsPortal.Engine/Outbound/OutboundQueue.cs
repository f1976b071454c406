using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Engine.Events;
using WhatsPortal.Engine.Sessions;

namespace WhatsPortal.Engine.Outbound;

/// <summary>
/// The outbound queue is the Message table: rows are inserted queued and the instance's sender takes them
/// in order. An attempt is recorded (Attempts + 1) before each send, so a row still queued with attempts
/// may already be on WhatsApp and is reconciled before being sent again.
/// </summary>
internal sealed class OutboundQueue(
    WhatsPortalDbContextFactory databases,
    EnginePaths paths,
    EventJournal journal,
    TimeProvider time,
    IOptions<EngineOptions> options,
    ILogger<OutboundQueue> logger)
{
    public async Task<Message> EnqueueAsync(Guid tenantId, Guid instanceId, OutboundMessageRequest request, CancellationToken cancellationToken = default)
    {
        var to = WhatsAppIds.NormalizeRecipient(request.To)
            ?? throw new InvalidOutboundMessageException(OutboundFields.To, "'{0}' is not a phone number with country code (e.g. 5511999990000) or a WhatsApp id.", request.To);
        Validate(request);
        var mentions = Mentions.Validate(request);

        var fingerprint = request.IdempotencyKey is null ? null : Fingerprint(to, request);

        await using var db = databases.ForTenant(tenantId);
        if (request.IdempotencyKey is { } key && await FindByKeyAsync(db, instanceId, key, cancellationToken) is { } existing)
            return SameRequest(existing, fingerprint);

        // A chat of the tenant's instance proves the instance is there (deleting one deletes its chats); only a
        // first message to a number needs to ask.
        var chat = await FindChatAsync(db, instanceId, to, cancellationToken);
        if (chat is null)
        {
            if (!await db.Instances.AnyAsync(i => i.Id == instanceId, cancellationToken)) throw new InstanceNotFoundException(instanceId);
            chat = await CreateChatAsync(databases, tenantId, instanceId, to, cancellationToken);
        }
        var quoted = request.QuotedMessageId is { } quotedId ? await QuotedAsync(db, instanceId, chat.Id, quotedId, cancellationToken) : null;
        var message = new Message
        {
            InstanceId = instanceId,
            ChatId = chat.Id,
            Direction = MessageDirection.Outbound,
            Status = request.Schedule is null ? MessageStatus.Queued : MessageStatus.Scheduled,
            SendAt = request.Schedule?.SendAt,
            ExpiresAt = request.Schedule?.ExpiresAt,
            Type = OutboundKinds.TypeOf(request),
            Text = request.Text,
            Content = OutboundKinds.ContentOf(request),
            IdempotencyKey = request.IdempotencyKey,
            RequestFingerprint = fingerprint,
            QuotedWhatsAppId = quoted,
            Mentions = Mentions.Write(mentions),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        if (request.Media is { } file)
        {
            message.MediaPath = await paths.SaveMediaAsync(instanceId, message.Id, file.FileName, file.Content, cancellationToken);
            message.MediaMimeType = file.MimeType;
            message.MediaFileName = file.FileName;
            message.MediaSize = file.Content.LongLength;
        }
        db.Messages.Add(message);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (request.IdempotencyKey is { } raced)
        {
            // Two requests with one key at once: the unique index let one in; both callers get that one.
            await using var again = databases.ForTenant(tenantId);
            return SameRequest(await FindByKeyAsync(again, instanceId, raced, cancellationToken) ?? throw new InvalidOperationException("The idempotency key collided but no message holds it."), fingerprint);
        }
        logger.LogDebug("Queued message {MessageId} of instance {InstanceId} to {ChatId} (due {SendAt})", message.Id, instanceId, to, message.SendAt);
        return message;
    }

    /// <summary>The WhatsApp id of the stored message a reply quotes: it must be on WhatsApp already, and in the same chat.</summary>
    private static async Task<string> QuotedAsync(WhatsPortalDbContext db, Guid instanceId, Guid chatId, string quotedId, CancellationToken cancellationToken)
    {
        var byOurId = Guid.TryParse(quotedId, out var id);
        var quoted = await db.Messages.AsNoTracking()
            .Where(m => m.InstanceId == instanceId && (byOurId ? m.Id == id : m.WhatsAppId == quotedId))
            .Select(m => new { m.ChatId, m.WhatsAppId })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOutboundMessageException(OutboundFields.QuotedMessageId, "This instance has no message '{0}' to reply to.", quotedId);
        if (quoted.ChatId != chatId)
            throw new InvalidOutboundMessageException(OutboundFields.QuotedMessageId, "The message '{0}' belongs to another chat; a reply quotes a message of its own chat.", quotedId);
        return quoted.WhatsAppId
            ?? throw new InvalidOutboundMessageException(OutboundFields.QuotedMessageId, "The message '{0}' is not on WhatsApp yet; reply to it once it is sent.", quotedId);
    }

    private void Validate(OutboundMessageRequest request)
    {
        if (request is { Media: null, Location: null, Contact: null, Poll: null } && string.IsNullOrWhiteSpace(request.Text))
            throw new InvalidOutboundMessageException(OutboundFields.Text, "A message needs a text or a media file.");
        if (request.Text is { Length: > Message.TextMaxLength })
            throw new InvalidOutboundMessageException(OutboundFields.Text, "The text is longer than {0} characters.", Message.TextMaxLength);
        if (request.IdempotencyKey is { } key && (key.Length == 0 || key.Length > Message.IdempotencyKeyMaxLength))
            throw new InvalidOutboundMessageException(OutboundFields.IdempotencyKey, "An idempotency key has 1 to {0} characters.", Message.IdempotencyKeyMaxLength);
        if (request.Schedule is { } schedule) ValidateSchedule(schedule);
        if (request.Media is { } media)
        {
            if (media.Content.Length == 0) throw new InvalidOutboundMessageException(OutboundFields.Media, "The media file is empty.");
            if (media.Content.LongLength > options.Value.MaxMediaBytes)
                throw new InvalidOutboundMessageException(OutboundFields.Media, "The media file is larger than {0} bytes.", options.Value.MaxMediaBytes);
            if (media.MimeType is { Length: > Message.MimeTypeMaxLength })
                throw new InvalidOutboundMessageException(OutboundFields.MediaMimeType, "The MIME type is longer than {0} characters.", Message.MimeTypeMaxLength);
            if (SupportedMedia.Refusal(media.MimeType) is { } refusal)
                throw refusal;
            if (media.FileName is { Length: > Message.FileNameMaxLength })
                throw new InvalidOutboundMessageException(OutboundFields.MediaFileName, "The file name is longer than {0} characters.", Message.FileNameMaxLength);
        }
        OutboundKinds.Validate(request);
    }

    private void ValidateSchedule(OutboundSchedule schedule)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (schedule.SendAt.Kind != DateTimeKind.Utc)
            throw new InvalidOutboundMessageException(OutboundFields.SendAt, "sendAt must be a UTC time (ending in Z, e.g. {0}).", now.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        if (schedule.SendAt <= now)
            throw new InvalidOutboundMessageException(OutboundFields.SendAt, "sendAt must be in the future; it is {0} now.", now.ToString("O"));
        if (schedule.SendAt > now + OutboundSchedule.MaxAhead)
            throw new InvalidOutboundMessageException(OutboundFields.SendAt, "sendAt can be at most one year ahead (until {0}).", (now + OutboundSchedule.MaxAhead).ToString("O"));
        if (schedule.ExpiresAt is { } expiresAt)
        {
            if (expiresAt.Kind != DateTimeKind.Utc)
                throw new InvalidOutboundMessageException(OutboundFields.ExpiresAt, "expiresAt must be a UTC time (ending in Z, e.g. {0}).", schedule.SendAt.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
            if (expiresAt <= schedule.SendAt)
                throw new InvalidOutboundMessageException(OutboundFields.ExpiresAt, "expiresAt must be after sendAt ({0}).", schedule.SendAt.ToString("O"));
        }
    }

    /// <summary>
    /// What makes two requests the same message: recipient, text, file, and what a location, contact card or poll
    /// carries. Stored with an idempotency key so that the key's second use can be told apart from a retry (Stripe's
    /// rule); the whole file counts, through its own hash. A text or a file without a kind hashes as it always did.
    /// </summary>
    private static string Fingerprint(string to, OutboundMessageRequest request)
    {
        var file = request.Media is { } media ? new { media.MimeType, media.FileName, Content = Convert.ToHexString(SHA256.HashData(media.Content)) } : null;
        // Kinds, a quote and a schedule count only when given, so the fingerprints of plain messages stay what they were.
        var content = OutboundKinds.ContentOf(request);
        object shape = content is null && request.Media?.Kind is null && request.QuotedMessageId is null && request.Schedule is null && request.Mentions is not { Count: > 0 }
            ? new { to, request.Text, file }
            : new
            {
                to, request.Text, file, kind = OutboundKinds.TypeOf(request).ToString(), content, quoted = request.QuotedMessageId,
                sendAt = request.Schedule?.SendAt, expiresAt = request.Schedule?.ExpiresAt, mentions = request.Mentions,
            };
        return Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(shape)));
    }

    /// <summary>The message a key already holds when the request is the same; rows stored before fingerprints existed count as the same.</summary>
    private static Message SameRequest(Message existing, string? fingerprint) =>
        existing.RequestFingerprint is null || existing.RequestFingerprint == fingerprint ? existing : throw new IdempotencyKeyReusedException(existing.IdempotencyKey!);

    private static Task<Message?> FindByKeyAsync(WhatsPortalDbContext db, Guid instanceId, string key, CancellationToken cancellationToken) =>
        db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.InstanceId == instanceId && m.IdempotencyKey == key, cancellationToken);

    /// <summary>The chat of an instance with <paramref name="remoteId"/>, created when new (racing creators share one).</summary>
    internal static async Task<Chat> GetOrCreateChatAsync(WhatsPortalDbContextFactory databases, Guid tenantId, Guid instanceId, string remoteId, CancellationToken cancellationToken)
    {
        await using (var db = databases.ForTenant(tenantId))
        {
            if (await FindChatAsync(db, instanceId, remoteId, cancellationToken) is { } found) return found;
        }
        return await CreateChatAsync(databases, tenantId, instanceId, remoteId, cancellationToken);
    }

    /// <summary>A LID finds the chat of its person too, when it goes by their number.</summary>
    private static Task<Chat?> FindChatAsync(WhatsPortalDbContext db, Guid instanceId, string remoteId, CancellationToken cancellationToken) =>
        db.Chats.AsNoTracking().FirstOrDefaultAsync(c => c.InstanceId == instanceId && (c.RemoteId == remoteId || c.Lid == remoteId), cancellationToken);

    /// <summary>Creates the chat; when another creator got there first, theirs is the one.</summary>
    private static async Task<Chat> CreateChatAsync(WhatsPortalDbContextFactory databases, Guid tenantId, Guid instanceId, string remoteId, CancellationToken cancellationToken)
    {
        await using var db = databases.ForTenant(tenantId);
        var chat = new Chat { InstanceId = instanceId, RemoteId = remoteId, Lid = WhatsAppIds.IsLid(remoteId) ? remoteId : null };
        db.Chats.Add(chat);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return chat;
        }
        catch (DbUpdateException)
        {
            await using var again = databases.ForTenant(tenantId);
            return await FindChatAsync(again, instanceId, remoteId, cancellationToken)
                ?? throw new InvalidOperationException("The chat collided on creation but no chat holds its id.");
        }
    }

    /// <summary>
    /// The oldest queued messages of the instance (at most <paramref name="count"/>), with their chats and the
    /// instance's pacing. One read serves a run of sends; each is still claimed on its own before it goes out.
    /// </summary>
    internal async Task<QueuedBatch> NextAsync(Guid instanceId, int count, CancellationToken cancellationToken)
    {
        await using var db = databases.AcrossTenants();
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.InstanceId == instanceId && m.Status == MessageStatus.Queued)
            .Join(db.Chats, m => m.ChatId, c => c.Id, (m, c) => new { Message = m, Chat = c })
            .Join(db.Instances, r => r.Message.InstanceId, i => i.Id, (r, i) => new { r.Message, r.Chat, i.SendIntervalMs, i.SendJitterMs })
            .OrderBy(r => r.Message.CreatedAt).ThenBy(r => r.Message.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
        return new QueuedBatch(
            rows.Select(r => (r.Message, r.Chat)).ToList(),
            rows.Count == 0 ? 0 : rows[0].SendIntervalMs,
            rows.Count == 0 ? 0 : rows[0].SendJitterMs);
    }

    /// <summary>
    /// Hands the instance's scheduled messages that are due to the queue, or ends them expired when their expiry has
    /// passed too (the instance was offline at their time); each with its status event. Returns when the next one is due.
    /// </summary>
    internal async Task<DateTime?> ReleaseDueAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = databases.AcrossTenants();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Messages.AsNoTracking()
            .Where(m => m.InstanceId == instanceId && m.Status == MessageStatus.Scheduled && m.SendAt <= now)
            .OrderBy(m => m.SendAt)
            .Select(m => new { m.Id, m.TenantId, m.ExpiresAt })
            .ToListAsync(cancellationToken);
        foreach (var message in due)
        {
            var expired = message.ExpiresAt <= now;
            var status = expired ? MessageStatus.Expired : MessageStatus.Queued;
            string? error = expired ? $"The instance was not connected between the message's time and its expiry ({message.ExpiresAt:O})." : null;
            // Conditional, so a cancel that got there first stands; one transaction for the change and its event.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var updated = await db.Messages.Where(m => m.Id == message.Id && m.Status == MessageStatus.Scheduled)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, status).SetProperty(m => m.Error, error), cancellationToken);
            if (updated == 0) continue;
            await journal.SaveAsync(db, new MessageStatusChanged(message.TenantId, instanceId, now, message.Id, status, error), cancellationToken);
            if (expired) logger.LogInformation("Scheduled message {MessageId} of instance {InstanceId} expired", message.Id, instanceId);
        }
        return await db.Messages.Where(m => m.InstanceId == instanceId && m.Status == MessageStatus.Scheduled).MinAsync(m => m.SendAt, cancellationToken);
    }

    /// <summary>Cancels a message of the tenant's instance while it is still scheduled, with its status event.</summary>
    internal async Task<CancelOutcome> CancelAsync(Guid tenantId, Guid instanceId, Guid messageId, CancellationToken cancellationToken)
    {
        await using var db = databases.ForTenant(tenantId);
        var message = await db.Messages.AsNoTracking().Where(m => m.Id == messageId && m.InstanceId == instanceId)
            .Select(m => new { m.Status }).SingleOrDefaultAsync(cancellationToken);
        if (message is null) return new CancelOutcome(CancelResult.NotFound, null);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Conditional: the sender releasing it at its time and this cancel cannot both win.
        var updated = await db.Messages.Where(m => m.Id == messageId && m.Status == MessageStatus.Scheduled)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Cancelled), cancellationToken);
        if (updated == 0)
        {
            var now = await db.Messages.AsNoTracking().Where(m => m.Id == messageId).Select(m => m.Status).SingleAsync(cancellationToken);
            return new CancelOutcome(CancelResult.NotScheduled, now);
        }
        await journal.SaveAsync(db, new MessageStatusChanged(tenantId, instanceId, time.GetUtcNow().UtcDateTime, messageId, MessageStatus.Cancelled, null), cancellationToken);
        logger.LogInformation("Scheduled message {MessageId} of instance {InstanceId} cancelled", messageId, instanceId);
        return new CancelOutcome(CancelResult.Cancelled, MessageStatus.Cancelled);
    }

    /// <summary>Queued messages that were already tried: they may be on WhatsApp even though we never heard back.</summary>
    internal async Task<List<(Message Message, Chat Chat)>> InFlightAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = databases.AcrossTenants();
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.InstanceId == instanceId && m.Status == MessageStatus.Queued && m.Attempts > 0)
            .Join(db.Chats, m => m.ChatId, c => c.Id, (m, c) => new { Message = m, Chat = c })
            .ToListAsync(cancellationToken);
        return rows.Select(r => (r.Message, r.Chat)).OrderBy(r => r.Message.CreatedAt).ToList();
    }

    /// <summary>
    /// Records an attempt (Attempts + 1) on a message that is still queued, while <paramref name="lease"/> holds; false
    /// when something else settled it since it was read (its echo was adopted as sent), so it must not be sent.
    /// </summary>
    /// <exception cref="Sessions.LeaseLostException">Another node or epoch owns the instance now: nothing was written.</exception>
    internal async Task<bool> ClaimAttemptAsync(Guid messageId, LeaseGrant lease, CancellationToken cancellationToken)
    {
        await using var db = databases.AcrossTenants();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await InstanceLeases.HoldAsync(db, lease, cancellationToken);
        var claimed = await db.Messages.Where(m => m.Id == messageId && m.Status == MessageStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken) == 1;
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>Marks a queued message sent as <paramref name="whatsAppId"/>; a message settled meanwhile (adopted from its echo) is left as it is.</summary>
    internal async Task MarkSentAsync(Message message, string whatsAppId, int ack, LeaseGrant lease, CancellationToken cancellationToken)
    {
        // Relaxed: if the machine loses this commit, the row is queued with an attempt on record, and the restart
        // finds the message in the chat instead of sending it again.
        await using var db = databases.AcrossTenants(CommitDurability.Relaxed);
        var now = time.GetUtcNow().UtcDateTime;
        var status = WhatsAppIds.StatusOfAck(ack) is { } acked && WhatsAppIds.IsAdvance(MessageStatus.Sent, acked) ? acked : MessageStatus.Sent;
        DateTime? deliveredAt = status is MessageStatus.Delivered or MessageStatus.Read ? now : null;
        DateTime? readAt = status is MessageStatus.Read ? now : null;
        // One transaction for the update and its event; nothing is written when the message was settled meanwhile.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await InstanceLeases.HoldAsync(db, lease, cancellationToken);
        var updated = await db.Messages.Where(m => m.Id == message.Id && m.Status == MessageStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.WhatsAppId, whatsAppId)
                .SetProperty(m => m.Error, (string?)null)
                .SetProperty(m => m.Status, status)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.DeliveredAt, deliveredAt)
                .SetProperty(m => m.ReadAt, readAt), cancellationToken);
        if (updated == 0) return;
        await journal.SaveAsync(db, new MessageStatusChanged(message.TenantId, message.InstanceId, now, message.Id, status, null), cancellationToken);
        logger.LogDebug("Sent message {MessageId} of instance {InstanceId} as {WhatsAppId}", message.Id, message.InstanceId, whatsAppId);
    }

    /// <summary>Ends a message failed, or (with <paramref name="final"/> false) notes the error and leaves it queued for another try.</summary>
    internal async Task MarkErrorAsync(Guid messageId, string error, bool final, LeaseGrant lease, CancellationToken cancellationToken)
    {
        await using var db = databases.AcrossTenants();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await InstanceLeases.HoldAsync(db, lease, cancellationToken);
        var message = await db.Messages.FirstAsync(m => m.Id == messageId, cancellationToken);
        message.Error = error.Length > Message.ErrorMaxLength ? error[..Message.ErrorMaxLength] : error;
        if (final)
        {
            message.Status = MessageStatus.Failed;
            await journal.SaveAsync(db, new MessageStatusChanged(message.TenantId, message.InstanceId, time.GetUtcNow().UtcDateTime, message.Id, MessageStatus.Failed, message.Error), cancellationToken);
            logger.LogWarning("Message {MessageId} of instance {InstanceId} failed: {Error}", messageId, message.InstanceId, error);
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogWarning("Message {MessageId} of instance {InstanceId} stays queued after attempt {Attempt} failed: {Error}", messageId, message.InstanceId, message.Attempts, error);
        }
    }

    /// <summary>
    /// Points a message at the id WhatsApp really uses for its recipient: renames the chat, or moves the
    /// message to the chat that already has that id.
    /// </summary>
    internal async Task RetargetAsync(Message message, Chat chat, string resolvedId, CancellationToken cancellationToken)
    {
        await using var db = databases.AcrossTenants();
        var existing = await db.Chats.FirstOrDefaultAsync(c => c.InstanceId == chat.InstanceId && c.RemoteId == resolvedId, cancellationToken);
        if (existing is null)
        {
            var renamed = await db.Chats.FirstAsync(c => c.Id == chat.Id, cancellationToken);
            renamed.RemoteId = resolvedId;
        }
        else
        {
            var moved = await db.Messages.FirstAsync(m => m.Id == message.Id, cancellationToken);
            moved.ChatId = existing.Id;
        }
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Message {MessageId} of instance {InstanceId}: WhatsApp knows {ChatId} as {ResolvedId}", message.Id, chat.InstanceId, chat.RemoteId, resolvedId);
    }

    /// <summary>
    /// When WhatsApp shows a message this device sent (live, or in history) that matches a queued message
    /// we tried but never heard back about, that row is the one: it is marked sent instead of sending twice.
    /// </summary>
    internal static async Task<Message?> AdoptAsync(WhatsPortalDbContext db, Guid instanceId, Guid chatId, WhatsAppMessage seen, CancellationToken cancellationToken)
    {
        if (!seen.FromMe) return null;
        var candidates = await db.Messages
            .Where(m => m.InstanceId == instanceId && m.ChatId == chatId && m.Status == MessageStatus.Queued && m.Attempts > 0)
            .OrderBy(m => m.CreatedAt)
            .ToListAsync(cancellationToken);
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(seen.T).UtcDateTime;
        // A minute of slack: the page's clock and ours may differ a little.
        return candidates.FirstOrDefault(m => m.Text == seen.Text && m.CreatedAt <= sentAt.AddMinutes(1) && IsSameKind(m, seen));
    }

    /// <summary>Whether what WhatsApp shows is of the kind of a queued message (a media file's MIME type may say image while WhatsApp shows a sticker).</summary>
    internal static bool IsSameKind(Message queued, WhatsAppMessage seen)
    {
        var type = WhatsAppIds.MessageTypeOf(seen.Type);
        return queued.MediaPath is null ? type == queued.Type : type is not (MessageType.Text or MessageType.Location or MessageType.Contact or MessageType.Poll);
    }

    internal static void ApplyStatus(Message message, MessageStatus status, DateTime now)
    {
        message.Status = status;
        if (status is MessageStatus.Delivered or MessageStatus.Read) message.DeliveredAt ??= now;
        if (status is MessageStatus.Read) message.ReadAt ??= now;
    }
}

public enum CancelResult { Cancelled, NotFound, NotScheduled }

/// <param name="Status">The message's status after the attempt: cancelled, or the one that kept it from being cancelled.</param>
public sealed record CancelOutcome(CancelResult Result, MessageStatus? Status);

/// <summary>Queued messages in sending order, and the pacing their instance asks for.</summary>
internal sealed record QueuedBatch(IReadOnlyList<(Message Message, Chat Chat)> Messages, int SendIntervalMs, int SendJitterMs);
