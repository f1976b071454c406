using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

/// <summary>A code to type on the phone instead of scanning the QR, for an instance of the caller's tenant that shows a QR now.</summary>
public sealed class RequestPairingCodeCommand(WhatsPortalDbContext db, IWhatsAppEngine engine)
{
    public sealed record PairingCode(string Code);

    public static readonly Sentence PhoneNeeded = new("Enter the phone number with country code.");

    public async Task<CommandResult<PairingCode>> RunAsync(Guid instanceId, string? phone, CancellationToken ct)
    {
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, ct)) return CommandResult<PairingCode>.NotFound();
        phone = phone?.Trim();
        if (phone is not { Length: >= 8 and <= 32 }) return CommandResult<PairingCode>.Invalid("phone", PhoneNeeded);
        try
        {
            return CommandResult<PairingCode>.Done(new(await engine.RequestPairingCodeAsync(instanceId, phone, ct)));
        }
        catch (InvalidOutboundMessageException ex)
        {
            return CommandResult<PairingCode>.Invalid("phone", ex.Sentence);
        }
        catch (InstanceStateException ex)
        {
            return CommandResult<PairingCode>.Conflict("instance", ex.Sentence);
        }
        catch (InstanceNotFoundException)
        {
            return CommandResult<PairingCode>.NotFound();
        }
    }
}
