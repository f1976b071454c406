using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Outbound;
using WhatsPortal.Web.Authentication;
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
            .WithSummary("Queues a text or media message. With an Idempotency-Key header, a retried request returns the first message instead of sending twice; the key reused for a different message answers 422.");
        return app;
    }

    public sealed record MediaRequest(
        [property: Required] string Base64,
        [property: Required, StringLength(Message.MimeTypeMaxLength)] string MimeType,
        [property: StringLength(Message.FileNameMaxLength)] string? FileName = null);

    public sealed record SendMessageRequest(
        [property: Required, StringLength(Chat.RemoteIdMaxLength, MinimumLength = 1)] string To,
        [property: StringLength(Message.TextMaxLength)] string? Text = null,
        MediaRequest? Media = null);

    public sealed record QueuedMessageResponse(Guid Id, string Status, string InstanceStatus);

    private static async Task<Results<Accepted<QueuedMessageResponse>, ProblemHttpResult, ValidationProblem>> Send(
        Guid id, SendMessageRequest request, HttpContext http, WhatsPortalDbContext db, IWhatsAppEngine engine, OutboundRateLimiter limiter, CancellationToken ct)
    {
        var instance = await db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => new { i.TenantId, i.Status }).SingleOrDefaultAsync(ct);
        if (instance is null) return InstancesApi.NotFound(id);
        if (limiter.TryAcquire(id) is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = RateLimitExtensions.SecondsOf(retryAfter);
            return TypedResults.Problem("This instance accepts no more messages this minute (RateLimits:MessagesPerMinutePerInstance).",
                statusCode: StatusCodes.Status429TooManyRequests, title: "Too many messages");
        }
        if (instance.Status is InstanceStatus.LoggedOut or InstanceStatus.Failed)
            return ApiProblems.Conflict("Instance needs attention",
                $"The instance is '{SnakeCaseEnum<InstanceStatus>.Name(instance.Status)}': start it and link it again before sending.");

        OutboundMedia? media = null;
        if (request.Media is { } file)
        {
            if (!Base64Content.TryDecode(file.Base64, out var bytes))
                return Invalid("media.base64", "The media content is not valid base64 (a data: URL prefix is accepted).");
            media = new OutboundMedia(bytes, file.MimeType, file.FileName);
        }
        var key = http.Request.Headers[IdempotencyHeader].ToString() is { Length: > 0 } k ? k : null;
        try
        {
            var message = await engine.EnqueueAsync(instance.TenantId, id, new OutboundMessageRequest(request.To, request.Text, media, key), ct);
            return TypedResults.Accepted($"/api/v1/instances/{id}/messages/{message.Id}",
                new QueuedMessageResponse(message.Id, SnakeCaseEnum<MessageStatus>.Name(message.Status), SnakeCaseEnum<InstanceStatus>.Name(instance.Status)));
        }
        catch (InvalidOutboundMessageException ex)
        {
            // The key travels as a header, so its errors are filed under the header's name.
            return Invalid(ex.Field == OutboundFields.IdempotencyKey ? IdempotencyHeader : ex.Field, ex.Message);
        }
        catch (IdempotencyKeyReusedException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused");
        }
        catch (InstanceNotFoundException)
        {
            return InstancesApi.NotFound(id);
        }
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
