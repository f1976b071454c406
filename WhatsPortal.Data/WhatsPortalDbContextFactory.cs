using Microsoft.EntityFrameworkCore;

namespace WhatsPortal.Data;

/// <summary>
/// The one way to get a <see cref="WhatsPortalDbContext"/>: each names its tenant scope and how durable its commits are.
/// Contexts are not pooled on purpose: a pooled context used after its disposal silently serves whoever rented it
/// next, with that renter's tenant scope; an unpooled one throws.
/// </summary>
public sealed class WhatsPortalDbContextFactory(DbContextOptions<WhatsPortalDbContext> options, TimeProvider clock)
{
    public WhatsPortalDbContext Create(ITenantScopeSource scope, CommitDurability durability = CommitDurability.Full) => new(options, scope, durability, clock);

    public WhatsPortalDbContext ForTenant(Guid tenantId, CommitDurability durability = CommitDurability.Full) => Create(TenantScope.For(tenantId), durability);

    public WhatsPortalDbContext AcrossTenants(CommitDurability durability = CommitDurability.Full) => Create(TenantScope.AllTenants, durability);
}
