using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Engine.Inbound;
using WhatsPortal.Engine.Sessions;

namespace WhatsPortal.Engine.Outbound;

/// <summary>WhatsApp lets a sender edit a text for 15 minutes after sending it.</summary>
public static class MessageEdits
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public static bool AllowedAt(DateTime sentAt, DateTime now) => now - sentAt <= Window;
}

/// <summary>The API's names for the parts of a reaction, edit or revoke, which a refusal names as the one to fix.</summary>
public static class MessageActionFields
{
    public const string Message = "messageId";
    public const string Emoji = "emoji";
    public const string Text = "text";
}

/// <summary>
/// Reactions, edits and revokes of stored messages wait in the MessageAction table as messages wait in theirs: accepted
/// while the instance is offline, they go out when it connects (WhatsApp sends them as protocol messages pointing at the
/// original). What they do to the message (its reactions, its text, revoked) is stored once WhatsApp took them.
/// </summary>
internal sealed class MessageActionQueue(WhatsPortalDbContextFactory databases, EventJournal journal, TimeProvider time, ILogger<MessageActionQueue> logger)
{
    public async Task<MessageAction> EnqueueAsync(Guid tenantId, Guid instanceId, Guid messageId, MessageActionKind kind, string? value, CancellationToken cancellationToken)
    {
        value = Validate(kind, value);
        await using var db = databases.ForTenant(tenantId);
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.InstanceId == instanceId, cancellationToken)
            ?? throw new MessageNotFoundException(messageId);
        Refuse(message, kind);
        var action = new MessageAction
        {
            InstanceId = instanceId,
            MessageId = message.Id,
            Kind = kind,
            Value = value,
            Status = MessageStatus.Queued,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.MessageActions.Add(action);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogDebug("Queued {Kind} of message {MessageId} of instance {InstanceId}", kind, messageId, instanceId);
        return action;
    }

    private static string? Validate(MessageActionKind kind, string? value)
    {
        switch (kind)
        {
            case MessageActionKind.React:
                var emoji = value ?? "";
                if (emoji.Length > 0 && !IsOneEmoji(emoji))
                    throw new InvalidOutboundMessageException(MessageActionFields.Emoji, "'{0}' is not a single emoji; send one emoji, or an empty one to remove the reaction.", emoji);
                return emoji;
            case MessageActionKind.Edit:
                if (string.IsNullOrWhiteSpace(value)) throw new InvalidOutboundMessageException(MessageActionFields.Text, "An edit needs the new text.");
                if (value.Length > Message.TextMaxLength) throw new InvalidOutboundMessageException(MessageActionFields.Text, "The text is longer than {0} characters.", Message.TextMaxLength);
                return value;
            default:
                return null;
        }
    }

    /// <summary>
    /// One grapheme (so flags, skin tones and ZWJ sequences such as 👩‍💻 count as one) that is a pictograph: a symbol
    /// of Unicode's "other symbol" class (emoji are) or a keycap/flag sequence.
    /// </summary>
    internal static bool IsOneEmoji(string text)
    {
        if (text.Length > MessageReaction.EmojiMaxLength || new StringInfo(text).LengthInTextElements != 1) return false;
        var first = text.EnumerateRunes().First();
        return Rune.GetUnicodeCategory(first) == UnicodeCategory.OtherSymbol
            || (first.Value >= 0x1F1E6 && first.Value <= 0x1F1FF)
            || text.Contains('\u20E3');
    }

    private void Refuse(Message message, MessageActionKind kind)
    {
        if (message.WhatsAppId is null)
            throw new MessageActionRefusedException(MessageActionFields.Message, "The message is not on WhatsApp yet (it is '{0}').", WhatsPortal.Data.SnakeCaseEnum<MessageStatus>.Name(message.Status));
        if (message.Revoked)
            throw new MessageActionRefusedException(MessageActionFields.Message, "The message was deleted for everyone.");
        if (kind == MessageActionKind.React) return;
        if (message.Direction != MessageDirection.Outbound)
            throw new MessageActionRefusedException(MessageActionFields.Message, "Only messages this instance sent can be edited or deleted for everyone.");
        if (kind != MessageActionKind.Edit) return;
        if (message.Type != MessageType.Text)
            throw new MessageActionRefusedException(MessageActionFields.Message, "Only a text message can be edited.");
        var sentAt = message.SentAt ?? message.CreatedAt;
        if (!MessageEdits.AllowedAt(sentAt, time.GetUtcNow().UtcDateTime))
            throw new MessageActionRefusedException(MessageActionFields.Message, "WhatsApp allows edits for {0} minutes after sending; this message was sent at {1:u}.", MessageEdits.Window.TotalMinutes, sentAt);
    }

    /// <summary>The oldest queued actions of the instance, with the WhatsApp id of the message each targets.</summary>
    internal async Task<IReadOnlyList<QueuedAction>> NextAsync(Guid instanceId, int count, CancellationToken cancellationToken)
    {
        await using var db = databases.AcrossTenants();
        var rows = await db.MessageActions.AsNoTracking()
            .Where(a => a.InstanceId == instanceId && a.Status == MessageStatus.Queued)
            .Join(db.Messages, a => a.MessageId, m => m.Id, (a, m) => new { Action = a, m.WhatsAppId })
            .OrderBy(r => r.Action.CreatedAt).ThenBy(r => r.Action.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new QueuedAction(r.Action, r.WhatsAppId!)).ToList();
    }

    /// <summary>Records an attempt on an action still queued, while <paramref name="lease"/> holds; false when it is no longer queued.</summary>
    /// <exception cref="LeaseLostException">Another node or epoch owns the instance now: nothing was written.</exception>
    internal async Task<bool> ClaimAttemptAsync(Guid actionId, LeaseGrant lease, CancellationToken cancellationToken)
    {
        await using var db = databases.AcrossTenants();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await InstanceLeases.HoldAsync(db, lease, cancellationToken);
        var claimed = await db.MessageActions.Where(a => a.Id == actionId && a.Status == MessageStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Attempts, a => a.Attempts + 1), cancellationToken) == 1;
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>WhatsApp took the action: it is sent, and its message changed accordingly, in one commit with the event.</summary>
    internal async Task MarkSentAsync(Guid actionId, LeaseGrant lease, CancellationToken cancellationToken)
    {
        await using var db = databases.AcrossTenants();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await InstanceLeases.HoldAsync(db, lease, cancellationToken);
        var action = await db.MessageActions.FirstAsync(a => a.Id == actionId, cancellationToken);
        if (action.Status != MessageStatus.Queued) return;
        var now = time.GetUtcNow().UtcDateTime;
        action.Status = MessageStatus.Sent;
        action.SentAt = now;
        action.Error = null;
        var message = await db.Messages.FirstAsync(m => m.Id == action.MessageId, cancellationToken);
        EngineEvent? change = action.Kind switch
        {
            MessageActionKind.React => await MessageChanges.ReactAsync(db, message, MessageReaction.OwnSenderId, fromMe: true, action.Value ?? "", now, cancellationToken),
            MessageActionKind.Edit => MessageChanges.Edit(message, action.Value ?? "", now),
            _ => MessageChanges.Revoke(message, now),
        };
        if (change is null)
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        else await journal.SaveAsync(db, change, cancellationToken);
        logger.LogDebug("Sent {Kind} of message {MessageId} of instance {InstanceId}", action.Kind, action.MessageId, action.InstanceId);
    }

    /// <summary>Ends an action failed, or (with <paramref name="final"/> false) notes the error and leaves it queued for another try.</summary>
    internal async Task MarkErrorAsync(Guid actionId, string error, bool final, LeaseGrant lease, CancellationToken cancellationToken)
    {
        await using var db = databases.AcrossTenants();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await InstanceLeases.HoldAsync(db, lease, cancellationToken);
        var action = await db.MessageActions.FirstAsync(a => a.Id == actionId, cancellationToken);
        action.Error = error.Length > Message.ErrorMaxLength ? error[..Message.ErrorMaxLength] : error;
        if (final) action.Status = MessageStatus.Failed;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogWarning("{Kind} of message {MessageId} of instance {InstanceId} {Outcome}: {Error}", action.Kind, action.MessageId, action.InstanceId, final ? "failed" : "stays queued", error);
    }
}

/// <param name="TargetWhatsAppId">The serialized WhatsApp id of the message the action targets.</param>
internal sealed record QueuedAction(MessageAction Action, string TargetWhatsAppId)
{
    /// <summary>The chat as the target's id names it (fromMe_remote_id), which is how WhatsApp Web finds the message.</summary>
    public string ChatId => TargetWhatsAppId.Split('_')[1];
}
