using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Commands;

/// <summary>Lifts a suspension: the tenant's users can log in again. Its instances stay stopped until someone starts them.</summary>
public sealed class ResumeTenantCommand(CurrentUser caller, WhatsPortalDbContextFactory contexts, ILogger<ResumeTenantCommand> logger)
{
    public async Task<CommandResult<Tenant>> RunAsync(Guid tenantId, CancellationToken ct)
    {
        if (!caller.IsOperator) return CommandResult<Tenant>.NoTenant();
        await using var db = contexts.AcrossTenants();
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null) return CommandResult<Tenant>.NoTenant();
        tenant.SuspendedAt = null;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Tenant {TenantId} resumed", tenantId);
        return CommandResult<Tenant>.Done(tenant);
    }
}
