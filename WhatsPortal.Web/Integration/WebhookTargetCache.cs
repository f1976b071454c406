using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// Where an instance's events go, remembered for a few seconds. Every message raises two or three events
/// (sent, delivered, read) and most instances have no webhook: without this, each one costs a query.
/// Changes made through this process take effect at once (<see cref="Forget"/>); another node's within the lifetime.
/// </summary>
public sealed class WebhookTargetCache(WhatsPortalDbContextFactory contexts, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<Guid, Entry> _byInstance = new();

    public sealed record Targets(string? InstanceUrl, string? InstanceEvents, string? TenantUrl, string? TenantEvents);

    private sealed record Entry(Guid TenantId, Targets? Targets, DateTime Until);

    /// <returns>The instance's and its tenant's webhooks, or null when the instance no longer exists.</returns>
    public async ValueTask<Targets?> GetAsync(Guid tenantId, Guid instanceId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_byInstance.TryGetValue(instanceId, out var cached) && cached.Until > now) return cached.Targets;

        await using var db = contexts.ForTenant(tenantId);
        var targets = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId)
            .Join(db.Tenants, i => i.TenantId, t => t.Id, (i, t) => new Targets(i.WebhookUrl, i.WebhookEvents, t.WebhookUrl, t.WebhookEvents))
            .SingleOrDefaultAsync(ct);
        _byInstance[instanceId] = new Entry(tenantId, targets, now + Lifetime);
        return targets;
    }

    public void Forget(Guid instanceId) => _byInstance.TryRemove(instanceId, out _);

    public void ForgetTenant(Guid tenantId)
    {
        foreach (var (instanceId, entry) in _byInstance)
            if (entry.TenantId == tenantId) _byInstance.TryRemove(instanceId, out _);
    }
}
