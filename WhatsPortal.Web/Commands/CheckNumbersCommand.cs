using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

/// <summary>One number as it was asked about, and WhatsApp's answer.</summary>
/// <param name="WhatsAppId">What WhatsApp knows the number by; null when it is not on WhatsApp.</param>
public sealed record CheckedNumber(string Number, bool OnWhatsApp, string? WhatsAppId, DateTimeOffset CheckedAt);

/// <summary>
/// Whether numbers are on WhatsApp, through a connected instance of the caller's tenant, for the API and the portal: at
/// most Engine:MaxNumbersPerCheck at once, every one a phone number with country code, or nothing is asked at all.
/// </summary>
public sealed class CheckNumbersCommand(WhatsPortalDbContext db, IWhatsAppEngine engine, IOptions<EngineOptions> options)
{
    public async Task<CommandResult<IReadOnlyList<CheckedNumber>>> RunAsync(Guid instanceId, IReadOnlyList<string?>? numbers, CancellationToken ct)
    {
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, ct)) return CommandResult<IReadOnlyList<CheckedNumber>>.NotFound();
        if (PhoneNumberList.Parse(numbers, options.Value.MaxNumbersPerCheck, out var ids) is { } errors)
            return CommandResult<IReadOnlyList<CheckedNumber>>.Invalid(errors);
        try
        {
            var checks = await engine.CheckNumbersAsync(instanceId, ids, ct);
            return CommandResult<IReadOnlyList<CheckedNumber>>.Done(
                checks.Select((c, i) => new CheckedNumber(numbers![i]!.Trim(), c.OnWhatsApp, c.WhatsAppId, c.CheckedAt)).ToList());
        }
        catch (InstanceStateException ex)
        {
            return CommandResult<IReadOnlyList<CheckedNumber>>.Conflict("instance", ex.Sentence);
        }
    }
}
