using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Web.Integration;

/// <summary>Turns an engine event into the integration event both webhooks and the hub send; null when integrators are not told of it.</summary>
public sealed class IntegrationEventFactory(WhatsPortalDbContextFactory contexts)
{
    /// <param name="id">The event's id for integrators: the journal's for a journaled event.</param>
    public async Task<IntegrationEvent?> CreateAsync(EngineEvent engineEvent, Guid id, CancellationToken ct)
    {
        var (type, data) = await DescribeAsync(engineEvent, ct);
        return type is null || data is null
            ? null
            : new IntegrationEvent(id, type, engineEvent.TenantId, engineEvent.InstanceId, engineEvent.At, data);
    }

    private async Task<(string? Type, object? Data)> DescribeAsync(EngineEvent engineEvent, CancellationToken ct) => engineEvent switch
    {
        InstanceStatusChanged e => (IntegrationEventTypes.InstanceStatus, new
        {
            from = SnakeCaseEnum<InstanceStatus>.Name(e.From),
            to = SnakeCaseEnum<InstanceStatus>.Name(e.To),
            reason = e.Reason,
        }),
        QrCodeChanged e => (IntegrationEventTypes.InstanceQr, new { code = e.Qr?.Code, expiresAt = e.Qr?.ExpiresAt }),
        MessageStatusChanged e => (IntegrationEventTypes.MessageStatus, new
        {
            messageId = e.MessageId,
            status = SnakeCaseEnum<MessageStatus>.Name(e.Status),
            error = e.Error,
        }),
        MessageRevokedEvent e => (IntegrationEventTypes.MessageRevoked, new { messageId = e.MessageId }),
        MessageReactionChanged e => (IntegrationEventTypes.MessageReaction, new { messageId = e.MessageId, chatId = e.ChatId, senderId = e.SenderId, fromMe = e.FromMe, emoji = e.Emoji }),
        MessageEditedEvent e => (IntegrationEventTypes.MessageEdited, new { messageId = e.MessageId, chatId = e.ChatId, text = e.Text }),
        PresenceUpdated e => (IntegrationEventTypes.PresenceUpdate, new { chatId = e.ChatId, state = e.State, isOnline = e.IsOnline }),
        ChatUpdated e => (IntegrationEventTypes.ChatUpdated, new
        {
            id = e.ChatId, remoteId = e.RemoteId, lid = e.Lid, unreadCount = e.UnreadCount, markedUnread = e.MarkedUnread, archived = e.Archived,
        }),
        GroupParticipantsUpdated e => (IntegrationEventTypes.GroupParticipants, new
        {
            groupId = e.GroupId,
            action = e.Action,
            author = e.Author,
            participants = e.Participants.Select(p => WhatsAppIds.IdentityOf(p.Id, p.Lid, p.Phone)).Select(who => new
            {
                number = WhatsAppIds.IsPhone(who.RemoteId) ? who.RemoteId : null,
                lid = who.Lid,
            }),
        }),
        GroupUpdated e => (IntegrationEventTypes.GroupUpdated, new { groupId = e.GroupId, change = e.Change, value = e.Value, author = e.Author }),
        MessageStored { Direction: MessageDirection.Inbound } e => (IntegrationEventTypes.MessageReceived, await StoredMessageAsync(e, ct)),
        PollVoteRecorded e => (IntegrationEventTypes.PollVote, await PollVoteAsync(e, ct)),
        _ => (null, null),
    };

    /// <summary>The vote, and the poll's counts once it was counted, so an integrator needs no second call.</summary>
    private async Task<object?> PollVoteAsync(PollVoteRecorded vote, CancellationToken ct)
    {
        await using var db = contexts.ForTenant(vote.TenantId);
        var poll = await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == vote.MessageId, ct);
        return poll is null || ChatsApi.PollResponse.Of(poll) is not { } counted ? null : new
        {
            messageId = vote.MessageId,
            chatId = poll.ChatId,
            voter = vote.Voter,
            selectedOptions = vote.Options,
            poll = counted,
        };
    }

    private async Task<object?> StoredMessageAsync(MessageStored stored, CancellationToken ct)
    {
        await using var db = contexts.ForTenant(stored.TenantId);
        var row = await db.Messages.AsNoTracking().Where(m => m.Id == stored.MessageId)
            .Join(db.Chats, m => m.ChatId, c => c.Id, (m, c) => new { Message = m, c.RemoteId, c.Lid, c.Name })
            .SingleOrDefaultAsync(ct);
        // Deleted with its instance before we got to it: nothing left to tell.
        return row is null ? null : new { message = ChatsApi.MessageResponse.From(row.Message), chat = new { remoteId = row.RemoteId, lid = row.Lid, name = row.Name } };
    }
}
