using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Integration;

namespace WhatsPortal.Web.Commands;

/// <summary>
/// Creates an instance of the caller's tenant (stopped: starting it is another step). A name is unique within the
/// tenant, the tenant's quota bounds how many it has, and a webhook URL must pass the SSRF guard before it is stored.
/// </summary>
public sealed class CreateInstanceCommand(WhatsPortalDbContext db, IWhatsAppEngine engine, WebhookDestinationGuard guard)
{
    public static readonly Sentence NameMissing = new("Enter a name for the instance.");

    public async Task<CommandResult<Instance>> RunAsync(string? name, string? webhookUrl, CancellationToken ct)
    {
        if (db.Scope.TenantId is not { } tenantId) return CommandResult<Instance>.NoTenant();
        name = name?.Trim() ?? "";
        if (name.Length == 0) return CommandResult<Instance>.Invalid("name", NameMissing);
        if (name.Length > Instance.NameMaxLength)
            return CommandResult<Instance>.Invalid("name", new Sentence("A name has at most {0} characters.", Instance.NameMaxLength));
        if (!string.IsNullOrWhiteSpace(webhookUrl) && await guard.ProblemWithAsync(webhookUrl.Trim(), ct) is { } problem)
            return CommandResult<Instance>.Invalid("webhookUrl", problem);
        if (await db.Instances.AnyAsync(i => i.Name == name, ct))
            return CommandResult<Instance>.Conflict("name", new Sentence("An instance named \"{0}\" already exists.", name));
        var quota = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.InstanceQuota).SingleAsync(ct);
        if (quota is { } max && await db.Instances.CountAsync(ct) >= max)
            return CommandResult<Instance>.Conflict("name", new Sentence("Your plan allows {0} instances; delete one or ask the operator for more.", max));

        var instance = engine.NewInstance(tenantId, name);
        (instance.WebhookUrl, instance.WebhookEvents, instance.WebhookSecret) = WebhookSettings.Resolve(webhookUrl, null, null, null);
        db.Instances.Add(instance);
        await db.SaveChangesAsync(ct);
        return CommandResult<Instance>.Done(instance);
    }
}
