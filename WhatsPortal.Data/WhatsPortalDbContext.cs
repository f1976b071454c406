using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Data;

public sealed class WhatsPortalDbContext : IdentityDbContext<AppUser, IdentityRole, string>, IDataProtectionKeyContext
{
    private readonly ITenantScopeSource _scope;
    private readonly TimeProvider _clock;

    /// <summary>Only <see cref="WhatsPortalDbContextFactory"/> makes contexts, each with its scope.</summary>
    internal WhatsPortalDbContext(DbContextOptions<WhatsPortalDbContext> options, ITenantScopeSource scope, CommitDurability durability, TimeProvider clock)
        : base(options)
    {
        _scope = scope;
        _clock = clock;
        Durability = durability;
    }

    public CommitDurability Durability { get; }

    /// <summary>Read when each query runs, not when the context is made: in a request the user is known only after authentication.</summary>
    public TenantScope Scope => _scope.Current;

    // The query filters read these; EF evaluates them afresh for every query.
    private Guid? ScopeTenantId => Scope.TenantId;
    private bool ScopeCrossesTenants => Scope.CrossesTenants;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Instance> Instances => Set<Instance>();
    public DbSet<InstanceEvent> InstanceEvents => Set<InstanceEvent>();
    public DbSet<Chat> Chats => Set<Chat>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<MessageReaction> MessageReactions => Set<MessageReaction>();
    public DbSet<MessageAction> MessageActions => Set<MessageAction>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<PendingEvent> PendingEvents => Set<PendingEvent>();
    public DbSet<MessageTemplate> MessageTemplates => Set<MessageTemplate>();
    public DbSet<InstanceLease> InstanceLeases => Set<InstanceLease>();
    public DbSet<SessionSnapshot> SessionSnapshots => Set<SessionSnapshot>();
    public DbSet<ClusterNode> ClusterNodes => Set<ClusterNode>();
    /// <summary>The Data Protection key ring, shared by every node so one node decrypts what another encrypted (cookies, session snapshots).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Everything is stored in UTC; SQLite forgets the Kind, so it is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(WhatsPortalDbContext).Assembly);

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
        {
            GetType().GetMethod(nameof(ApplyTenantFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(entity.ClrType)
                .Invoke(this, [builder]);
        }
        if (Database.IsSqlServer()) SqlServerModel.Apply(builder);
    }

    private void ApplyTenantFilter<T>(ModelBuilder builder) where T : class, ITenantOwned =>
        builder.Entity<T>().HasQueryFilter(e => ScopeCrossesTenants || e.TenantId == ScopeTenantId);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        StampCreation();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        StampCreation();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>New rows take the context's tenant; a row of another tenant is never written through it.</summary>
    private void StampTenant()
    {
        var scope = Scope;
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (scope.CrossesTenants)
            {
                if (entry.Entity.TenantId == Guid.Empty)
                    throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} written across tenants must name its tenant.");
                continue;
            }
            if (scope.TenantId is not { } tenant)
                throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} cannot be written without a tenant scope.");
            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
                entry.Entity.TenantId = tenant;
            if (entry.Entity.TenantId != tenant || TenantChanged(entry))
                throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} of another tenant cannot be written in scope {scope}.");
        }
    }

    /// <summary>New rows are stamped from the clock, not from entity initialisers, so tests can fake the time.</summary>
    private void StampCreation()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        foreach (var entry in ChangeTracker.Entries<IStampedOnCreation>().Where(e => e.State == EntityState.Added))
        {
            if (entry.Entity.CreatedAt == default) entry.Entity.CreatedAt = now;
            if (entry.Entity is Instance { UpdatedAt: var updated } instance && updated == default) instance.UpdatedAt = now;
        }
    }

    private static bool TenantChanged(EntityEntry<ITenantOwned> entry) =>
        entry.State == EntityState.Modified && entry.Property(e => e.TenantId).IsModified;
}
