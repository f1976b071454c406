using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using WhatsPortal.Data;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Web.Apis;

/// <summary>Contacts and presence: whether numbers are on WhatsApp, their typing and online state, and ours shown to them; blocking; chats read, marked unread, archived.</summary>
public static class ContactsApi
{
    public static IEndpointRouteBuilder MapContactsApi(this IEndpointRouteBuilder app)
    {
        // Send scope: every question WhatsApp answers, and every state shown, is spent from the number's standing, as a message is.
        var group = app.MapGroup("/api/v1/instances/{id:guid}").WithTags("Contacts and presence").RequireAuthorization(Policies.Send)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/contacts/check", Check)
            .WithSummary("Checks whether numbers are on WhatsApp, answering in the order given. Answers are cached per instance " +
                "(Engine:NumberCheckCacheLifetime, 24 h by default; checkedAt tells when WhatsApp was asked) and the others are asked " +
                "one at a time, Engine:NumberCheckIntervalMs apart, because WhatsApp bans numbers that check in bulk. " +
                "At most Engine:MaxNumbersPerCheck (50) numbers per request; 409 when the instance is not connected.");
        group.MapPost("/contacts/presence", SubscribePresence)
            .WithSummary("Subscribes to the presence of contacts: their typing, recording and online state then arrives as " +
                "presence.update (webhook and hub) while the instance runs, reconnects included. Up to 50 numbers; answers the ids " +
                "WhatsApp knows (numbers not on WhatsApp are left out).");
        group.MapPost("/chats/{chatId}/state", SetChatState)
            .WithSummary("Shows the contact 'typing…' (composing) or 'recording audio…' (recording) in the chat until paused " +
                "or a message is sent; chatId is a WhatsApp id (5511999990000@c.us) or a bare number. 204 when shown.");
        group.MapPut("/contacts/{number}/block", (Guid id, string number, BlockContactCommand command, CancellationToken ct) => Block(id, number, true, command, ct))
            .WithSummary("Blocks a contact: their messages no longer arrive, and the instance cannot write to them until unblocked.");
        group.MapDelete("/contacts/{number}/block", (Guid id, string number, BlockContactCommand command, CancellationToken ct) => Block(id, number, false, command, ct))
            .WithSummary("Unblocks a contact. Messages they sent while blocked are never delivered (as on the phone).");
        group.MapPut("/chats/{chatId}/unread", (Guid id, string chatId, WhatsPortalDbContext db, MarkChatCommand command, CancellationToken ct) =>
                Mark(id, chatId, ChatMark.Unread, true, db, command, ct))
            .WithSummary("Marks a chat unread (WhatsApp's \"Mark as unread\"), on every device of the number, until it is read or a message arrives; " +
                "chatId is a WhatsApp id (5511999990000@c.us or a LID), a bare number, or the chat's id. Answers the chat; 409 when the instance is not connected.");
        group.MapDelete("/chats/{chatId}/unread", (Guid id, string chatId, WhatsPortalDbContext db, MarkChatCommand command, CancellationToken ct) =>
                Mark(id, chatId, ChatMark.Unread, false, db, command, ct))
            .WithSummary("Reads a chat: its unread count and unread mark go, and the contact sees blue ticks. Works while the instance is " +
                "not connected too (WhatsApp is told the next time the chat is read while it is).");
        group.MapPut("/chats/{chatId}/archive", (Guid id, string chatId, WhatsPortalDbContext db, MarkChatCommand command, CancellationToken ct) =>
                Mark(id, chatId, ChatMark.Archived, true, db, command, ct))
            .WithSummary("Archives a chat on WhatsApp. A message received in it unarchives it, as WhatsApp does by default. Answers the chat; " +
                "409 when the instance is not connected.");
        group.MapDelete("/chats/{chatId}/archive", (Guid id, string chatId, WhatsPortalDbContext db, MarkChatCommand command, CancellationToken ct) =>
                Mark(id, chatId, ChatMark.Archived, false, db, command, ct))
            .WithSummary("Unarchives a chat on WhatsApp. Answers the chat; 409 when the instance is not connected.");
        app.MapGet("/api/v1/instances/{id:guid}/contacts/{number}/block", GetBlocked).WithTags("Contacts and presence").RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Whether the instance's number blocked the contact; 409 when the instance is not connected.");
        app.MapGet("/api/v1/instances/{id:guid}/contacts/{number}/picture", GetPicture).WithTags("Contacts and presence").RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A link to the contact's profile picture on WhatsApp's servers (it expires after a while: ask again); url is null " +
                "when the contact has no picture or hides it from this number. 409 when the instance is not connected.");
        return app;
    }

    /// <param name="Numbers">Phone numbers with country code, digits or decorated (+55 (11) 98888-7777).</param>
    public sealed record NumbersRequest([property: Required] string?[] Numbers);

    /// <param name="Number">The number as it was asked about.</param>
    /// <param name="WhatsAppId">The id WhatsApp knows it by, to send to; null when the number is not on WhatsApp.</param>
    /// <param name="CheckedAt">When WhatsApp was asked (earlier than now when the answer came from the cache).</param>
    public sealed record NumberCheckResponse(string Number, bool OnWhatsApp, string? WhatsAppId, DateTimeOffset CheckedAt);

    public sealed record PresenceResponse(IReadOnlyList<string> Subscribed);

    /// <param name="State">composing, recording or paused.</param>
    public sealed record ChatStateRequest([property: Required] string State);

    /// <param name="ChatId">The contact's WhatsApp id.</param>
    public sealed record BlockResponse(string ChatId, bool Blocked);

    public sealed record PictureResponse(string ChatId, string? Url);

    private static async Task<Results<Ok<PictureResponse>, ProblemHttpResult>> GetPicture(Guid id, string number, ContactQueries queries, CancellationToken ct)
    {
        var result = await queries.ProfilePictureAsync(id, number, ct);
        return result.Status == CommandStatus.Done
            ? TypedResults.Ok(new PictureResponse(result.Value!.ChatId, result.Value.Url))
            : ApiProblems.Refusal(result, "Not possible now", () => InstancesApi.NotFound(id));
    }

    private static async Task<Results<Ok<BlockResponse>, ProblemHttpResult>> Block(Guid id, string number, bool block, BlockContactCommand command, CancellationToken ct) =>
        Answer(id, await command.RunAsync(id, number, block, ct));

    private static async Task<Results<Ok<ChatsApi.ChatResponse>, ProblemHttpResult>> Mark(
        Guid id, string chatId, ChatMark mark, bool on, WhatsPortalDbContext db, MarkChatCommand command, CancellationToken ct)
    {
        if (await ChatsApi.FindChatAsync(db, id, chatId, ct) is not { } chat)
            return ApiProblems.NotFound("Chat not found", $"Instance {id} has no chat '{chatId}'.");
        var result = await command.RunAsync(id, chat.Id, mark, on, ct);
        return result.Status == CommandStatus.Done
            ? TypedResults.Ok(ChatsApi.ChatResponse.From(result.Value!))
            : ApiProblems.Refusal(result, "Not possible now", () => InstancesApi.NotFound(id));
    }

    private static async Task<Results<Ok<BlockResponse>, ProblemHttpResult>> GetBlocked(Guid id, string number, ContactQueries queries, CancellationToken ct) =>
        Answer(id, await queries.BlockStateAsync(id, number, ct));

    private static Results<Ok<BlockResponse>, ProblemHttpResult> Answer(Guid id, CommandResult<BlockState> result) =>
        result.Status == CommandStatus.Done
            ? TypedResults.Ok(new BlockResponse(result.Value!.ChatId, result.Value.Blocked))
            : ApiProblems.Refusal(result, "Not possible now", () => InstancesApi.NotFound(id));

    private static async Task<Results<Ok<NumberCheckResponse[]>, ProblemHttpResult>> Check(
        Guid id, NumbersRequest request, CheckNumbersCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(id, request.Numbers, ct);
        return result.Status == CommandStatus.Done
            ? TypedResults.Ok(result.Value!.Select(c => new NumberCheckResponse(c.Number, c.OnWhatsApp, c.WhatsAppId, c.CheckedAt)).ToArray())
            : ApiProblems.Refusal(result, "Numbers cannot be checked now", () => InstancesApi.NotFound(id));
    }

    private static async Task<Results<Ok<PresenceResponse>, ProblemHttpResult>> SubscribePresence(
        Guid id, NumbersRequest request, SubscribePresenceCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(id, request.Numbers, ct);
        return result.Status == CommandStatus.Done
            ? TypedResults.Ok(new PresenceResponse(result.Value!.Subscribed))
            : ApiProblems.Refusal(result, "Presence cannot be subscribed to now", () => InstancesApi.NotFound(id));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetChatState(
        Guid id, string chatId, ChatStateRequest request, SetChatStateCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(id, chatId, request.State, ct);
        return result.Status == CommandStatus.Done
            ? TypedResults.NoContent()
            : ApiProblems.Refusal(result, "The chat state cannot be shown now", () => InstancesApi.NotFound(id));
    }
}
