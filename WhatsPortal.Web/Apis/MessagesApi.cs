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
    private static long MaxRequestBytes(long maxMediaBytes) => (maxMediaBytes + 2) / 3 * 4 + 1024 * 1024;

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var maxMediaBytes = app.ServiceProvider.GetRequiredService<IOptions<EngineOptions>>().Value.MaxMediaBytes;
        app.MapPost("/api/v1/instances/{id:guid}/messages", Send).WithTags("Chats and messages")
            .RequireAuthorization(Policies.Send)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxRequestBytes(maxMediaBytes)))
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Queues a text or media message. With an Idempotency-Key header, a retried request returns the first message instead of sending twice; the key reused for a different message answers 422. With sendAt (UTC, up to a year ahead) the message is scheduled: it goes out at that time, or on reconnection when the instance is offline then, unless expiresAt has passed (it ends expired).");
        app.MapGet("/api/v1/instances/{id:guid}/messages", List).WithTags("Chats and messages")
            .RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Lists the instance's messages with a status (e.g. status=scheduled), oldest first (scheduled ones by their time); page with limit and offset.");
        app.MapDelete("/api/v1/instances/{id:guid}/messages/{messageId:guid}", Cancel).WithTags("Chats and messages")
            .RequireAuthorization(Policies.Send)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancels a scheduled message (it ends cancelled and never goes out); one no longer scheduled answers 409.");
        return app;
    }

    public sealed record MediaRequest(
        [property: Required] string Base64,
        [property: Required, StringLength(Message.MimeTypeMaxLength)] string MimeType,
        [property: StringLength(Message.FileNameMaxLength)] string? FileName = null);

    public sealed record SendMessageRequest(
        [property: Required, StringLength(Chat.RemoteIdMaxLength, MinimumLength = 1)] string To,
        [property: StringLength(Message.TextMaxLength)] string? Text = null,
        MediaRequest? Media = null,
        DateTime? SendAt = null,
        DateTime? ExpiresAt = null);

    public sealed record QueuedMessageResponse(Guid Id, string Status, string InstanceStatus);

    private static async Task<Results<Accepted<QueuedMessageResponse>, ProblemHttpResult, ValidationProblem>> Send(
        Guid id, SendMessageRequest request, HttpContext http, SendMessageCommand send, CancellationToken ct)
    {
        OutgoingFile? file = null;
        if (request.Media is { } media)
        {
            // Base64 is how JSON carries a file: the API's own transport, decoded before the command sees the bytes.
            if (!Base64Content.TryDecode(media.Base64, out var bytes))
                return Invalid("media.base64", "The media content is not valid base64 (a data: URL prefix is accepted).");
            file = OutgoingFile.Of(bytes, media.MimeType, media.FileName);
        }
        if (request.SendAt is null && request.ExpiresAt is not null)
            return Invalid(OutboundFields.ExpiresAt, "expiresAt applies to a scheduled message: give sendAt too.");
        var schedule = request.SendAt is { } sendAt ? new OutboundSchedule(sendAt, request.ExpiresAt) : null;
        var key = http.Request.Headers[IdempotencyHeader].ToString() is { Length: > 0 } k ? k : null;
        var result = await send.RunAsync(id, new SendMessage(request.To, request.Text, file, key, schedule), ct);
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
        return TypedResults.Ok(messages.Select(ChatsApi.MessageResponse.From).ToArray());
    }

    private static async Task<Results<Ok<ChatsApi.MessageResponse>, ProblemHttpResult>> Cancel(
        Guid id, Guid messageId, CancelScheduledMessageCommand cancel, ChatQueries queries, CancellationToken ct)
    {
        var result = await cancel.RunAsync(id, messageId, ct);
        if (result.Status != CommandStatus.Done)
            return ApiProblems.Refusal(result, "Message not scheduled", () => ApiProblems.NotFound("Message not found", $"Instance {id} has no message {messageId}."));
        return await queries.MessageAsync(id, messageId, ct) is { } message
            ? TypedResults.Ok(ChatsApi.MessageResponse.From(message))
            : ApiProblems.NotFound("Message not found", $"Instance {id} has no message {messageId}.");
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
