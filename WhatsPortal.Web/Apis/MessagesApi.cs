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
            .WithSummary("Queues a text or media message, or a template (templateId) with its variables. With an Idempotency-Key header, a retried request returns the first message instead of sending twice; the key reused for a different message answers 422.");
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
        Guid? TemplateId = null,
        Dictionary<string, string>? Variables = null);

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
        var key = http.Request.Headers[IdempotencyHeader].ToString() is { Length: > 0 } k ? k : null;
        var template = request.TemplateId is { } templateId ? new TemplateUse(templateId, request.Variables ?? []) : null;
        var result = await send.RunAsync(id, new SendMessage(request.To, request.Text, file, key, template), ct);
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

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
