using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Integration;

namespace WhatsPortal.Web.Commands;

/// <summary>
/// Sets (or, with no URL, removes) an instance's webhook: http(s) only, no private or loopback destination unless the
/// operator allows its host (SSRF), known event names only. A secret is generated when none is given or kept.
/// The instance is found through the caller's tenant-scoped context, so another tenant's is not found.
/// </summary>
public sealed class SetInstanceWebhookCommand(WhatsPortalDbContext db, WebhookDestinationGuard guard, WebhookTargetCache targets, TimeProvider clock)
{
    public async Task<CommandResult<Instance>> RunAsync(Guid instanceId, string? url, IEnumerable<string>? events, string? secret, CancellationToken ct)
    {
        url = string.IsNullOrWhiteSpace(url) ? null : url.Trim();
        var errors = await ProblemsAsync(guard, url, events, secret, ct);
        var instance = await db.Instances.SingleOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null) return CommandResult<Instance>.NotFound();
        if (errors.Count > 0) return CommandResult<Instance>.Invalid(errors);
        IntegrationEventTypes.TryParseSelection(events, out var selection, out _);
        (instance.WebhookUrl, instance.WebhookEvents, instance.WebhookSecret) = WebhookSettings.Resolve(url, selection, secret, instance.WebhookSecret);
        instance.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        targets.Forget(instanceId);
        return CommandResult<Instance>.Done(instance);
    }

    /// <summary>What is wrong with a webhook's URL, events and secret, by field; the tenant-wide webhook obeys the same rules.</summary>
    public static async Task<Dictionary<string, Sentence[]>> ProblemsAsync(WebhookDestinationGuard guard, string? url, IEnumerable<string>? events, string? secret, CancellationToken ct)
    {
        var errors = new Dictionary<string, Sentence[]>();
        if (url is { Length: > Instance.WebhookUrlMaxLength })
            errors["url"] = [new Sentence("The webhook URL is too long.")];
        else if (url is not null && await guard.ProblemWithAsync(url, ct) is { } problem)
            errors["url"] = [problem];
        if (!IntegrationEventTypes.TryParseSelection(events, out _, out var unknown))
            errors["events"] = [new Sentence("'{0}' is not an event; use {1}.", unknown, string.Join(", ", IntegrationEventTypes.All))];
        if (secret is { Length: < 16 or > Instance.WebhookSecretMaxLength })
            errors["secret"] = [new Sentence("The secret is {0} to {1} characters long.", 16, Instance.WebhookSecretMaxLength)];
        return errors;
    }
}
