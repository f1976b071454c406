using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Commands;

/// <summary>Sets how many instances a tenant may have; null lifts the limit. Instances over a lowered quota are kept.</summary>
public sealed class SetTenantQuotaCommand(CurrentUser caller, WhatsPortalDbContextFactory contexts)
{
    public const int MaxQuota = 10_000;

    public async Task<CommandResult<Tenant>> RunAsync(Guid tenantId, int? quota, CancellationToken ct)
    {
        if (!caller.IsOperator) return CommandResult<Tenant>.NoTenant();
        await using var db = contexts.AcrossTenants();
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null) return CommandResult<Tenant>.NoTenant();
        if (QuotaError(quota) is { } error) return CommandResult<Tenant>.Invalid("instanceQuota", error);
        tenant.InstanceQuota = quota;
        await db.SaveChangesAsync(ct);
        return CommandResult<Tenant>.Done(tenant);
    }

    /// <summary>What is wrong with a quota, if anything; the same rule when a tenant is created with one.</summary>
    internal static Sentence? QuotaError(int? quota) =>
        quota is < 0 or > MaxQuota ? new Sentence("The quota is a number from 0 to {0}, or empty for no limit.", MaxQuota) : null;
}
