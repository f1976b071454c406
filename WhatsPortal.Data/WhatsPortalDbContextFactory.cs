using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace WhatsPortal.Data;

/// <summary>
/// The one way to get a <see cref="WhatsPortalDbContext"/>: each names its tenant scope. Contexts come from a pool
/// because the engine opens one per database step (several per message sent), and building a context's internal
/// services each time was a measurable share of the CPU a message costs (see docs/benchmarks.md).
/// </summary>
public sealed class WhatsPortalDbContextFactory(DbContextOptions<WhatsPortalDbContext> options)
{
    private readonly PooledDbContextFactory<WhatsPortalDbContext> _pool = new(options);

    public WhatsPortalDbContext Create(ITenantScopeSource scope, CommitDurability durability = CommitDurability.Full)
    {
        var db = _pool.CreateDbContext();
        db.ScopeSource = scope;
        db.Durability = durability;
        return db;
    }

    public WhatsPortalDbContext ForTenant(Guid tenantId, CommitDurability durability = CommitDurability.Full) => Create(TenantScope.For(tenantId), durability);

    public WhatsPortalDbContext AcrossTenants(CommitDurability durability = CommitDurability.Full) => Create(TenantScope.AllTenants, durability);
}
