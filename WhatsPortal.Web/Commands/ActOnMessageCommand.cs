using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Infrastructure;

namespace WhatsPortal.Web.Commands;

/// <param name="Value">The emoji of a reaction (empty removes ours) or the new text of an edit; nothing for a delete.</param>
public sealed record ActOnMessage(Guid MessageId, MessageActionKind Kind, string? Value = null);

/// <param name="InstanceStatus">The instance's status when the action was accepted (queued actions wait for it to connect).</param>
public sealed record QueuedMessageAction(MessageAction Action, InstanceStatus InstanceStatus);

/// <summary>
/// Reacts to, edits or deletes for everyone a stored message, for the API and the portal's thread alike. The action is
/// queued as durably as a message and sent when the instance is connected; it is refused as a send is (an instance that
/// needs a person, the per-minute limit) and when the message does not allow it.
/// </summary>
public sealed class ActOnMessageCommand(WhatsPortalDbContext db, IWhatsAppEngine engine, OutboundRateLimiter limiter)
{
    public async Task<CommandResult<QueuedMessageAction>> RunAsync(Guid instanceId, ActOnMessage request, CancellationToken ct)
    {
        var instance = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => new { i.TenantId, i.Status }).SingleOrDefaultAsync(ct);
        if (instance is null) return CommandResult<QueuedMessageAction>.NotFound();
        if (SendMessageCommand.NeedsPerson(instance.Status) is { } needsPerson)
            return CommandResult<QueuedMessageAction>.Conflict(SendMessageCommand.InstanceField, needsPerson);
        if (limiter.TryAcquire(instanceId) is { } retryAfter)
            return CommandResult<QueuedMessageAction>.RateLimited(SendMessageCommand.InstanceField, SendMessageCommand.TooManyThisMinute, retryAfter);
        try
        {
            var action = await engine.EnqueueActionAsync(instance.TenantId, instanceId, request.MessageId, request.Kind, request.Value, ct);
            return CommandResult<QueuedMessageAction>.Done(new QueuedMessageAction(action, instance.Status));
        }
        catch (MessageNotFoundException)
        {
            return CommandResult<QueuedMessageAction>.NotFound();
        }
        catch (InvalidOutboundMessageException ex)
        {
            return CommandResult<QueuedMessageAction>.Invalid(ex.Field, ex.Sentence);
        }
        catch (MessageActionRefusedException ex)
        {
            return CommandResult<QueuedMessageAction>.Conflict(ex.Field, ex.Sentence);
        }
    }
}
