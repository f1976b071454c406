using Microsoft.EntityFrameworkCore;

namespace WhatsPortal.Data;

/// <summary>Makes contexts for code that runs outside a request (the engine, start-up); each names its scope.</summary>
public sealed class WhatsPortalDbContextFactory(DbContextOptions<WhatsPortalDbContext> options)
{
    public WhatsPortalDbContext Create(ITenantScopeSource scope) => new(options, scope);

    public WhatsPortalDbContext ForTenant(Guid tenantId) => Create(TenantScope.For(tenantId));

    public WhatsPortalDbContext AcrossTenants() => Create(TenantScope.AllTenants);
}
