using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Outbound;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Infrastructure;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Web.Apis;

/// <summary>
/// Sending. A message is stored as queued before the answer goes out (202), so nothing accepted is lost;
/// the engine sends it when the instance is connected. Instances that need a person (logged out, failed)
/// refuse new messages with 409 instead of piling them up.
/// </summary>
public static class MessagesApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>The JSON body that carries a file of <paramref name="maxMediaBytes"/>: base64 grows it by a third, plus room for the longest text.</summary>
    internal static long MaxRequestBytes(long maxMediaBytes) => (maxMediaBytes + 2) / 3 * 4 + 1024 * 1024;

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var maxMediaBytes = app.ServiceProvider.GetRequiredService<IOptions<EngineOptions>>().Value.MaxMediaBytes;
        app.MapPost("/api/v1/instances/{id:guid}/messages", Send).WithTags("Chats and messages")
            .RequireAuthorization(Policies.Send)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxRequestBytes(maxMediaBytes)))
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Queues a message: a text; a file (media.kind ptt, sticker, video, audio, image or document, else by its MIME type), with text as its caption where WhatsApp shows one; " +
                "a location; a contact card; a poll; or a template (templateId) with its variables. With quotedMessageId it replies to (quotes) a message of the chat; with mentions (numbers the text names as @number) a group text mentions them. With an Idempotency-Key header, a retried request returns the first message instead of sending twice; the key reused for a different message answers 422. " +
                "With sendAt (UTC, up to a year ahead) the message is scheduled: it goes out at that time, or on reconnection when the instance is offline then, unless expiresAt has passed (it ends expired).");
        app.MapGet("/api/v1/instances/{id:guid}/messages", List).WithTags("Chats and messages")
            .RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Lists the instance's messages with a status (e.g. status=scheduled), oldest first (scheduled ones by their time); page with limit and offset.");
        var message = app.MapGroup("/api/v1/instances/{id:guid}/messages/{messageId:guid}").WithTags("Chats and messages")
            .RequireAuthorization(Policies.Send)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        message.MapPost("/reaction", React)
            .WithSummary("Queues a reaction to the message: one emoji, or an empty one to remove this instance's reaction. Sent when the instance is connected; message.reaction follows.");
        message.MapPatch("/", Edit)
            .WithSummary("Queues an edit of a text this instance sent (WhatsApp allows it for 15 minutes after sending; later answers 409). The stored text changes, marked edited, once WhatsApp took it; message.edited follows.");
        message.MapDelete("/", Delete)
            .WithSummary("Deletes a message. A scheduled one is cancelled: 200 with the message, which ends cancelled and never goes out (once cancelled or expired, 409). " +
                "One this instance sent is deleted for everyone: 202 with the queued revoke; message.revoked follows once WhatsApp took it. A message still queued answers 409.");
        return app;
    }

    /// <param name="Kind">ptt (a voice note: audio/ogg), sticker (image/webp), video, audio, image or document; by the MIME type when absent.</param>
    public sealed record MediaRequest(
        [property: Required] string Base64,
        [property: Required, StringLength(Message.MimeTypeMaxLength)] string MimeType,
        [property: StringLength(Message.FileNameMaxLength)] string? FileName = null,
        string? Kind = null);

    /// <param name="Latitude">Degrees, -90 to 90.</param>
    /// <param name="Longitude">Degrees, -180 to 180.</param>
    public sealed record LocationRequest(double? Latitude, double? Longitude, string? Name = null, string? Address = null);

    /// <param name="Numbers">One or more phone numbers with country code; WhatsApp shows one card per number, under the name.</param>
    public sealed record ContactRequest(string? Name, string[]? Numbers);

    /// <param name="Options">2 to 12 different options.</param>
    /// <param name="MultipleChoice">Voters may choose several options; otherwise one.</param>
    public sealed record PollRequest(string? Question, string[]? Options, bool MultipleChoice = false);

    /// <param name="Text">The text, or the caption of an image, video or document.</param>
    /// <param name="Mentions">Numbers a group text mentions; the text names each as @number (e.g. "@5511988887777").</param>
    public sealed record SendMessageRequest(
        [property: Required, StringLength(Chat.RemoteIdMaxLength, MinimumLength = 1)] string To,
        [property: StringLength(Message.TextMaxLength)] string? Text = null,
        MediaRequest? Media = null,
        LocationRequest? Location = null,
        ContactRequest? Contact = null,
        PollRequest? Poll = null,
        [property: StringLength(Message.WhatsAppIdMaxLength)] string? QuotedMessageId = null,
        DateTime? SendAt = null,
        DateTime? ExpiresAt = null,
        Guid? TemplateId = null,
        Dictionary<string, string>? Variables = null,
        IReadOnlyList<string>? Mentions = null);

    public sealed record QueuedMessageResponse(Guid Id, string Status, string InstanceStatus);

    /// <param name="Emoji">One emoji; empty removes this instance's reaction.</param>
    public sealed record ReactionRequest([property: StringLength(MessageReaction.EmojiMaxLength)] string? Emoji);

    public sealed record EditMessageRequest([property: Required, StringLength(Message.TextMaxLength, MinimumLength = 1)] string Text);

    /// <param name="Id">The action's id.</param>
    /// <param name="Kind">react, edit or revoke.</param>
    public sealed record QueuedActionResponse(Guid Id, Guid MessageId, string Kind, string Status, string InstanceStatus);

    private static Task<Results<Accepted<QueuedActionResponse>, ProblemHttpResult, ValidationProblem>> React(
        Guid id, Guid messageId, ReactionRequest request, HttpContext http, ActOnMessageCommand act, CancellationToken ct) =>
        ActAsync(id, new ActOnMessage(messageId, MessageActionKind.React, request.Emoji ?? ""), http, act, ct);

    private static Task<Results<Accepted<QueuedActionResponse>, ProblemHttpResult, ValidationProblem>> Edit(
        Guid id, Guid messageId, EditMessageRequest request, HttpContext http, ActOnMessageCommand act, CancellationToken ct) =>
        ActAsync(id, new ActOnMessage(messageId, MessageActionKind.Edit, request.Text), http, act, ct);

    /// <summary>
    /// One DELETE, meaning what deleting that message can mean: a scheduled message (or one that was) is cancelled, so it
    /// never goes out; any other is deleted for everyone on WhatsApp, queued like a send.
    /// </summary>
    private static async Task<Results<Ok<ChatsApi.MessageResponse>, Accepted<QueuedActionResponse>, ProblemHttpResult, ValidationProblem>> Delete(
        Guid id, Guid messageId, HttpContext http, ActOnMessageCommand act, CancelScheduledMessageCommand cancel, ChatQueries queries, CancellationToken ct)
    {
        var message = await queries.MessageAsync(id, messageId, ct);
        if (message is null) return ApiProblems.NotFound("Message not found", $"Instance {id} has no message {messageId}.");
        if (message.Status is not (MessageStatus.Scheduled or MessageStatus.Cancelled or MessageStatus.Expired))
            return (await ActAsync(id, new ActOnMessage(messageId, MessageActionKind.Revoke), http, act, ct)).Result switch
            {
                Accepted<QueuedActionResponse> accepted => accepted,
                ValidationProblem invalid => invalid,
                var problem => (ProblemHttpResult)problem,
            };
        var result = await cancel.RunAsync(id, messageId, ct);
        if (result.Status != CommandStatus.Done)
            return ApiProblems.Refusal(result, "Message not scheduled", () => ApiProblems.NotFound("Message not found", $"Instance {id} has no message {messageId}."));
        return await queries.MessageAsync(id, messageId, ct) is { } cancelled
            ? TypedResults.Ok(ChatsApi.MessageResponse.From(cancelled))
            : ApiProblems.NotFound("Message not found", $"Instance {id} has no message {messageId}.");
    }

    private static async Task<Results<Accepted<QueuedActionResponse>, ProblemHttpResult, ValidationProblem>> ActAsync(
        Guid id, ActOnMessage request, HttpContext http, ActOnMessageCommand act, CancellationToken ct)
    {
        var result = await act.RunAsync(id, request, ct);
        var error = result.AllErrors.FirstOrDefault()?.Text ?? "";
        switch (result.Status)
        {
            case CommandStatus.Done:
                var (action, instanceStatus) = result.Value!;
                return TypedResults.Accepted($"/api/v1/instances/{id}/messages/{request.MessageId}", new QueuedActionResponse(action.Id, action.MessageId,
                    SnakeCaseEnum<MessageActionKind>.Name(action.Kind), SnakeCaseEnum<MessageStatus>.Name(action.Status), SnakeCaseEnum<InstanceStatus>.Name(instanceStatus)));
            case CommandStatus.NotFound:
                return ApiProblems.NotFound("Message not found", $"Instance {id} has no message {request.MessageId}.");
            case CommandStatus.RateLimited:
                http.Response.Headers.RetryAfter = RateLimitExtensions.SecondsOf(result.RetryAfter!.Value);
                return TypedResults.Problem(error, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many messages");
            case CommandStatus.Conflict:
                return ApiProblems.Conflict(result.Errors.ContainsKey(SendMessageCommand.InstanceField) ? "Instance needs attention" : "Not allowed for this message", error);
            default:
                return TypedResults.ValidationProblem(result.Errors.ToDictionary(e => e.Key, e => e.Value.Select(s => s.Text).ToArray()));
        }
    }

    private static async Task<Results<Accepted<QueuedMessageResponse>, ProblemHttpResult, ValidationProblem>> Send(
        Guid id, SendMessageRequest request, HttpContext http, SendMessageCommand send, CancellationToken ct)
    {
        OutgoingFile? file = null;
        if (request.Media is { } media)
        {
            // Base64 is how JSON carries a file: the API's own transport, decoded before the command sees the bytes.
            if (!Base64Content.TryDecode(media.Base64, out var bytes))
                return Invalid("media.base64", "The media content is not valid base64 (a data: URL prefix is accepted).");
            MessageType? kind = null;
            if (media.Kind is { } name)
            {
                if (!OutboundKinds.MediaKinds.TryGetValue(name, out var known))
                    return Invalid(OutboundFields.MediaKind, $"'{name}' is not a media kind; use one of {string.Join(", ", OutboundKinds.MediaKinds.Keys)}.");
                kind = known;
            }
            file = OutgoingFile.Of(bytes, media.MimeType, media.FileName, kind);
        }
        if (request.SendAt is null && request.ExpiresAt is not null)
            return Invalid(OutboundFields.ExpiresAt, "expiresAt applies to a scheduled message: give sendAt too.");
        var schedule = request.SendAt is { } sendAt ? new OutboundSchedule(sendAt, request.ExpiresAt) : null;
        var key = http.Request.Headers[IdempotencyHeader].ToString() is { Length: > 0 } k ? k : null;
        // A missing coordinate is out of range, and refused as such by the command.
        var place = request.Location is { } l ? new LocationContent(l.Latitude ?? double.NaN, l.Longitude ?? double.NaN, l.Name, l.Address) : null;
        var card = request.Contact is { } c ? new ContactCard(c.Name ?? "", c.Numbers ?? []) : null;
        var poll = request.Poll is { } p ? new OutboundPoll(p.Question ?? "", p.Options ?? [], p.MultipleChoice) : null;
        var template = request.TemplateId is { } templateId ? new TemplateUse(templateId, request.Variables ?? []) : null;
        var result = await send.RunAsync(id, new SendMessage(request.To, request.Text, file, key, place, card, poll, request.QuotedMessageId, schedule, template, request.Mentions), ct);
        var error = result.AllErrors.FirstOrDefault()?.Text ?? "";
        switch (result.Status)
        {
            case CommandStatus.Done:
                var (message, instanceStatus) = result.Value!;
                return TypedResults.Accepted($"/api/v1/instances/{id}/messages/{message.Id}",
                    new QueuedMessageResponse(message.Id, SnakeCaseEnum<MessageStatus>.Name(message.Status), SnakeCaseEnum<InstanceStatus>.Name(instanceStatus)));
            case CommandStatus.NotFound:
                return InstancesApi.NotFound(id);
            case CommandStatus.RateLimited:
                http.Response.Headers.RetryAfter = RateLimitExtensions.SecondsOf(result.RetryAfter!.Value);
                return TypedResults.Problem(error, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many messages");
            case CommandStatus.Conflict:
                return ApiProblems.Conflict("Instance needs attention", error);
            case CommandStatus.Unprocessable:
                return TypedResults.Problem(error, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused");
            default:
                // The key travels as a header, so its errors are filed under the header's name.
                return TypedResults.ValidationProblem(result.Errors.ToDictionary(
                    e => e.Key == OutboundFields.IdempotencyKey ? IdempotencyHeader : e.Key, e => e.Value.Select(s => s.Text).ToArray()));
        }
    }

    private static async Task<Results<Ok<ChatsApi.MessageResponse[]>, ProblemHttpResult, ValidationProblem>> List(
        Guid id, string? status, ChatQueries queries, CancellationToken ct, int limit = 50, int offset = 0)
    {
        if (!SnakeCaseEnum<MessageStatus>.TryParse(status, out var wanted))
            return Invalid("status", $"status is one of: {string.Join(", ", Enum.GetValues<MessageStatus>().Select(SnakeCaseEnum<MessageStatus>.Name))}.");
        if (ChatsApi.PagingProblem(limit, offset) is { } problem) return problem;
        if (await queries.MessagesWithStatusAsync(id, wanted, limit, offset, ct) is not { } messages) return InstancesApi.NotFound(id);
        return TypedResults.Ok(messages.Select(m => ChatsApi.MessageResponse.From(m)).ToArray());
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
