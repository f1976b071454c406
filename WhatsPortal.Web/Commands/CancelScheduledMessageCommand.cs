using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Outbound;

namespace WhatsPortal.Web.Commands;

/// <summary>
/// Cancels a scheduled message, for the API and the portal alike: only while it is still scheduled, since once it is
/// queued it may already be on its way to WhatsApp.
/// </summary>
public sealed class CancelScheduledMessageCommand(WhatsPortalDbContext db, IWhatsAppEngine engine)
{
    public const string MessageField = "messageId";

    public async Task<CommandResult<CancelOutcome>> RunAsync(Guid instanceId, Guid messageId, CancellationToken ct)
    {
        // The tenant filter makes another tenant's instance (and so its messages) absent, like one that does not exist.
        var tenantId = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => (Guid?)i.TenantId).SingleOrDefaultAsync(ct);
        if (tenantId is null) return CommandResult<CancelOutcome>.NotFound();
        var outcome = await engine.CancelScheduledAsync(tenantId.Value, instanceId, messageId, ct);
        return outcome.Result switch
        {
            CancelResult.Cancelled => CommandResult<CancelOutcome>.Done(outcome),
            CancelResult.NotScheduled => CommandResult<CancelOutcome>.Conflict(MessageField,
                new Sentence("The message is '{0}', no longer scheduled: only a scheduled message can be cancelled.", SnakeCaseEnum<MessageStatus>.Name(outcome.Status!.Value))),
            _ => CommandResult<CancelOutcome>.NotFound(),
        };
    }
}
