using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Web.Apis;

/// <summary>Chat history of an instance, read from the database (the engine keeps it up to date).</summary>
public static class ChatsApi
{
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapChatsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/instances/{id:guid}").WithTags("Chats and messages")
            .RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/chats", ListChats).WithSummary("Lists the instance's chats, most recent first; archived=true lists only the archived ones, archived=false the others.");
        group.MapGet("/chats/{chatId}/messages", ListMessages)
            .WithSummary("Lists a chat's messages, newest first; pass the oldest id you have as 'before' to page back. chatId is a WhatsApp id (5511999990000@c.us or the person's LID, …@lid), a bare number, or the chat's id.");
        group.MapGet("/messages/{messageId:guid}", GetMessage).WithSummary("Gets one message and its delivery status.");
        return app;
    }

    /// <param name="RemoteId">The other side: a person's phone id (5511999990000@c.us) whenever WhatsApp knows it, their LID only until then.</param>
    /// <param name="Lid">The LID (…@lid) WhatsApp also names the person by, when known.</param>
    /// <param name="MarkedUnread">Marked unread on WhatsApp with nothing unread in it (show it unread all the same); reading the chat or a new message clears it.</param>
    /// <param name="Archived">Archived on WhatsApp; a message received in it unarchives it, as WhatsApp does by default.</param>
    public sealed record ChatResponse(Guid Id, string RemoteId, string? Lid, string? Name, int UnreadCount, DateTime? LastMessageAt, string? LastMessagePreview,
        bool MarkedUnread, bool Archived)
    {
        public static ChatResponse From(Chat c) => new(c.Id, c.RemoteId, c.Lid, c.Name, c.UnreadCount, c.LastMessageAt, c.LastMessagePreview, c.MarkedUnread, c.Archived);
    }

    /// <param name="Url">Where the API serves the file (GET, with the API key).</param>
    public sealed record MediaResponse(string? MimeType, string? FileName, long? Size, string Url);

    /// <param name="SenderId">Who reacted: a WhatsApp id, or "me" for this instance's own reaction.</param>
    public sealed record ReactionResponse(string SenderId, bool FromMe, string Emoji, DateTime At);

    /// <param name="QuotedWhatsAppId">For a reply: the WhatsApp id of the message it quotes.</param>
    /// <param name="EditedAt">When the text was last edited; null when never.</param>
    /// <param name="Location">A location's place; <paramref name="Contact"/> a contact message's cards; <paramref name="Poll"/> a poll with its votes.</param>
    /// <param name="Mentions">The WhatsApp ids a group text mentions.</param>
    /// <param name="SendAt">For a scheduled message: when it is due; <paramref name="ExpiresAt"/> when it stops waiting for a reconnection.</param>
    public sealed record MessageResponse(
        Guid Id, Guid InstanceId, Guid ChatId, string Direction, string Status, string Type, string? Text, MediaResponse? Media,
        string? WhatsAppId, string? SenderId, string? Error, bool Revoked, DateTime CreatedAt, DateTime? SentAt, DateTime? DeliveredAt, DateTime? ReadAt,
        string? QuotedWhatsAppId = null, DateTime? EditedAt = null, ReactionResponse[]? Reactions = null,
        LocationContent? Location = null, ContactContent? Contact = null, PollResponse? Poll = null,
        DateTime? SendAt = null, DateTime? ExpiresAt = null, IReadOnlyList<string>? Mentions = null)
    {
        public static MessageResponse From(Message m, IEnumerable<MessageReaction>? reactions = null) => new(
            m.Id, m.InstanceId, m.ChatId,
            SnakeCaseEnum<MessageDirection>.Name(m.Direction), SnakeCaseEnum<MessageStatus>.Name(m.Status), SnakeCaseEnum<MessageType>.Name(m.Type),
            m.Text, m.MediaPath is null ? null : new MediaResponse(m.MediaMimeType, m.MediaFileName, m.MediaSize, MessageMediaApi.PathOf(m.InstanceId, m.Id)),
            m.WhatsAppId, m.SenderId, m.Error, m.Revoked, m.CreatedAt, m.SentAt, m.DeliveredAt, m.ReadAt,
            m.QuotedWhatsAppId, m.EditedAt, (reactions ?? []).Select(r => new ReactionResponse(r.SenderId, r.FromMe, r.Emoji, r.At)).ToArray(),
            MessageContent.Location(m), MessageContent.Contact(m), PollResponse.Of(m), m.SendAt, m.ExpiresAt,
            m.Mentions is null ? null : WhatsPortal.Engine.Outbound.Mentions.Of(m));
    }

    /// <param name="Votes">Each voter's id with the indexes of the options they chose.</param>
    public sealed record PollResponse(string Question, bool MultipleChoice, PollOptionResponse[] Options, IReadOnlyDictionary<string, int[]> Votes)
    {
        public static PollResponse? Of(Message m)
        {
            if (MessageContent.Poll(m) is not { } poll) return null;
            var counts = MessageContent.VoteCounts(m, poll);
            return new PollResponse(poll.Question, poll.MultipleChoice, poll.Options.Select((o, i) => new PollOptionResponse(o, counts[i])).ToArray(), MessageContent.Votes(m));
        }
    }

    public sealed record PollOptionResponse(string Name, int Votes);

    private static async Task<Results<Ok<ChatResponse[]>, ProblemHttpResult, ValidationProblem>> ListChats(
        Guid id, ChatQueries queries, CancellationToken ct, int limit = 50, int offset = 0, bool? archived = null)
    {
        if (PagingProblem(limit, offset) is { } problem) return problem;
        if (await queries.ChatsAsync(id, limit, offset, archived, ct) is not { } chats) return InstancesApi.NotFound(id);
        return TypedResults.Ok(chats.Select(ChatResponse.From).ToArray());
    }

    private static async Task<Results<Ok<MessageResponse[]>, ProblemHttpResult, ValidationProblem>> ListMessages(
        Guid id, string chatId, WhatsPortalDbContext db, ChatQueries queries, CancellationToken ct, Guid? before = null, int limit = 50)
    {
        if (PagingProblem(limit, 0) is { } problem) return problem;
        var chat = await FindChatAsync(db, id, chatId, ct);
        if (chat is null)
            return ApiProblems.NotFound("Chat not found", $"Instance {id} has no chat '{chatId}'.");
        if (await queries.MessagesAsync(chat.Id, before, limit, ct) is not { } messages)
            return ApiProblems.NotFound("Message not found", $"Chat '{chatId}' has no message {before} to page back from.");
        var reactions = await queries.ReactionsAsync(messages.Select(m => m.Id).ToList(), ct);
        return TypedResults.Ok(messages.Select(m => MessageResponse.From(m, reactions[m.Id])).ToArray());
    }

    private static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> GetMessage(Guid id, Guid messageId, ChatQueries queries, CancellationToken ct) =>
        await queries.MessageAsync(id, messageId, ct) is { } message
            ? TypedResults.Ok(MessageResponse.From(message, (await queries.ReactionsAsync([message.Id], ct))[message.Id]))
            : ApiProblems.NotFound("Message not found", $"Instance {id} has no message {messageId}.");

    /// <summary>Finds a chat by our id, by WhatsApp id (a LID finds its person's chat), or by a bare phone number.</summary>
    internal static async Task<Chat?> FindChatAsync(WhatsPortalDbContext db, Guid instanceId, string chatId, CancellationToken ct)
    {
        var chats = db.Chats.AsNoTracking().Where(c => c.InstanceId == instanceId);
        if (Guid.TryParse(chatId, out var guid))
            return await chats.SingleOrDefaultAsync(c => c.Id == guid, ct);
        var remoteId = chatId.Contains('@') ? chatId : chatId + "@c.us";
        return await chats.SingleOrDefaultAsync(c => c.RemoteId == remoteId || c.Lid == remoteId, ct);
    }

    internal static ValidationProblem? PagingProblem(int limit, int offset)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxPageSize) errors["limit"] = [$"limit must be between 1 and {MaxPageSize}."];
        if (offset < 0) errors["offset"] = ["offset cannot be negative."];
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }
}
