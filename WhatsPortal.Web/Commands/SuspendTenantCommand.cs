using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Commands;

/// <summary>Suspends a tenant: its instances stop and its users are signed out; they cannot log in until it is resumed.
/// Suspending a suspended tenant keeps the first date.</summary>
public sealed class SuspendTenantCommand(CurrentUser caller, WhatsPortalDbContextFactory contexts, IWhatsAppEngine engine, UserManager<AppUser> users,
    TimeProvider clock, ILogger<SuspendTenantCommand> logger)
{
    public async Task<CommandResult<Tenant>> RunAsync(Guid tenantId, CancellationToken ct)
    {
        if (!caller.IsOperator) return CommandResult<Tenant>.NoTenant();
        await using var db = contexts.AcrossTenants();
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null) return CommandResult<Tenant>.NoTenant();
        tenant.SuspendedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        foreach (var instanceId in await db.Instances.Where(i => i.TenantId == tenantId).Select(i => i.Id).ToListAsync(ct))
            await engine.StopAsync(instanceId, ct);
        // A new security stamp ends the users' sessions at the next cookie validation.
        foreach (var user in await users.Users.Where(u => u.TenantId == tenantId).ToListAsync(ct))
            await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("Tenant {TenantId} suspended", tenantId);
        return CommandResult<Tenant>.Done(tenant);
    }
}
