using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

/// <summary>The ids WhatsApp will tell presence of (numbers not on WhatsApp are left out).</summary>
public sealed record PresenceSubscription(IReadOnlyList<string> Subscribed);

/// <summary>
/// Asks WhatsApp for the presence (typing, recording, online) of contacts through a connected instance of the caller's
/// tenant: it then arrives as presence.update while the instance runs. The API and the portal's chat thread use it.
/// </summary>
public sealed class SubscribePresenceCommand(WhatsPortalDbContext db, IWhatsAppEngine engine)
{
    public const int MaxNumbers = 50;

    public async Task<CommandResult<PresenceSubscription>> RunAsync(Guid instanceId, IReadOnlyList<string?>? numbers, CancellationToken ct)
    {
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, ct)) return CommandResult<PresenceSubscription>.NotFound();
        if (PhoneNumberList.Parse(numbers, MaxNumbers, out var ids) is { } errors) return CommandResult<PresenceSubscription>.Invalid(errors);
        try
        {
            return CommandResult<PresenceSubscription>.Done(new(await engine.SubscribePresenceAsync(instanceId, ids, ct)));
        }
        catch (InstanceStateException ex)
        {
            return CommandResult<PresenceSubscription>.Conflict("instance", ex.Sentence);
        }
    }
}
