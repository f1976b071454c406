using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Outbound;
using WhatsPortal.Web.Infrastructure;

namespace WhatsPortal.Web.Commands;

/// <summary>
/// A file to send. Its bytes are read only after the refusals that need none (and its size) have passed, so an
/// oversized upload is never pulled over a circuit.
/// </summary>
/// <param name="Kind">How WhatsApp shows it (image, video, audio, voice note, sticker, document); by its MIME type when null.</param>
public sealed record OutgoingFile(long Length, string MimeType, string? FileName, Func<CancellationToken, Task<byte[]>> ReadAsync, MessageType? Kind = null)
{
    public static OutgoingFile Of(byte[] content, string mimeType, string? fileName, MessageType? kind = null) =>
        new(content.LongLength, mimeType, fileName, _ => Task.FromResult(content), kind);
}

/// <summary>A text, a file, a location, a contact card or a poll (at most one of the last four) to send to <paramref name="To"/>.</summary>
/// <param name="QuotedMessageId">The message this one replies to: our id of a message of the chat, or its WhatsApp id.</param>
/// <param name="Schedule">When to send it, when not now.</param>
/// <param name="Template">A template to fill in instead of a text and a file.</param>
/// <param name="Mentions">The numbers a group text mentions, each named in the text as @number.</param>
public sealed record SendMessage(
    string To, string? Text, OutgoingFile? File = null, string? IdempotencyKey = null,
    LocationContent? Location = null, ContactCard? Contact = null, OutboundPoll? Poll = null, string? QuotedMessageId = null,
    OutboundSchedule? Schedule = null, TemplateUse? Template = null, IReadOnlyList<string>? Mentions = null);

/// <param name="InstanceStatus">The instance's status when the message was accepted (queued messages wait for it to connect).</param>
public sealed record QueuedMessage(Message Message, InstanceStatus InstanceStatus);

/// <summary>
/// Sends a message through an instance, for the API and the portal's composer alike: the message is stored queued and
/// the engine sends it when the instance is connected. An instance that needs a person (logged out, failed) refuses new
/// messages instead of piling them up, each instance takes so many a minute, and an idempotency key makes a retry
/// return the first message. A scheduled message counts against the minute it is accepted in, not the one it goes out
/// in: the limit answers the caller (429 with Retry-After), who is gone by the time it is due; its sending is paced
/// like every other.
/// </summary>
public sealed class SendMessageCommand(WhatsPortalDbContext db, IWhatsAppEngine engine, OutboundRateLimiter limiter, IOptions<EngineOptions> options, TemplateFiller templates)
{
    /// <summary>The field of refusals about the instance rather than the message.</summary>
    public const string InstanceField = "instance";

    internal static readonly Sentence TooManyThisMinute = new("This instance accepts no more messages this minute (RateLimits:MessagesPerMinutePerInstance).");

    /// <summary>Why an instance in this status takes nothing more to send (it needs a person to link it), or null.</summary>
    internal static Sentence? NeedsPerson(InstanceStatus status) => status is InstanceStatus.LoggedOut or InstanceStatus.Failed
        ? new Sentence("The instance is '{0}': start it and link it again before sending.", SnakeCaseEnum<InstanceStatus>.Name(status))
        : null;

    public async Task<CommandResult<QueuedMessage>> RunAsync(Guid instanceId, SendMessage request, CancellationToken ct)
    {
        // The tenant filter makes another tenant's instance absent, exactly like one that does not exist.
        var instance = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => new { i.TenantId, i.Status }).SingleOrDefaultAsync(ct);
        if (instance is null) return CommandResult<QueuedMessage>.NotFound();
        // Before the rate limit: a request refused for its template has used none of it.
        if (request.Template is { } use)
        {
            var (filled, errors) = await templates.FillAsync(request, use, ct);
            if (filled is null) return CommandResult<QueuedMessage>.Invalid(errors);
            request = filled;
        }
        if (limiter.TryAcquire(instanceId) is { } retryAfter)
            return CommandResult<QueuedMessage>.RateLimited(InstanceField, TooManyThisMinute, retryAfter);
        if (NeedsPerson(instance.Status) is { } needsPerson) return CommandResult<QueuedMessage>.Conflict(InstanceField, needsPerson);
        var maxMediaBytes = options.Value.MaxMediaBytes;
        if (request.File is { } tooLarge && tooLarge.Length > maxMediaBytes)
            return CommandResult<QueuedMessage>.Invalid(OutboundFields.Media, new Sentence("The media file is larger than {0} bytes.", maxMediaBytes));

        try
        {
            var media = request.File is { } file ? new OutboundMedia(await file.ReadAsync(ct), file.MimeType, file.FileName, file.Kind) : null;
            var message = await engine.EnqueueAsync(instance.TenantId, instanceId,
                new OutboundMessageRequest(request.To, request.Text, media, request.IdempotencyKey, request.Location, request.Contact, request.Poll,
                    request.QuotedMessageId, request.Schedule, request.Mentions), ct);
            return CommandResult<QueuedMessage>.Done(new QueuedMessage(message, instance.Status));
        }
        catch (InvalidOutboundMessageException ex)
        {
            return CommandResult<QueuedMessage>.Invalid(ex.Field, ex.Sentence);
        }
        catch (IdempotencyKeyReusedException ex)
        {
            return CommandResult<QueuedMessage>.Unprocessable(OutboundFields.IdempotencyKey, ex.Sentence);
        }
        catch (InstanceNotFoundException)
        {
            return CommandResult<QueuedMessage>.NotFound();
        }
    }
}
