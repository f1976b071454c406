using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Services;

/// <summary>Whose door a page reads an instance through: its tenant's own, or the operator's, which crosses tenants.</summary>
public enum InstanceDoor
{
    Tenant,
    Operator,
}

/// <summary>An instance as its page shows it: the row, what the engine says now, (for the operator) whose it is, and the node running it.</summary>
public sealed record InstanceView(Instance Instance, InstanceStatus Status, QrCode? Qr, string TenantName, string? Node);

/// <summary>One window of an instance's log, newest first, and how many rows the filter matches in all.</summary>
public sealed record EventLogPage(IReadOnlyList<InstanceEvent> Events, int Total);

public sealed record DeliveryView(WebhookDelivery Delivery, IReadOnlyList<WebhookAttempt> Attempts);

/// <summary>
/// What the instance pages read. A tenant user reads through the tenant-scoped context, so another tenant's instance is
/// simply absent; the operator's door is the one explicit cross-tenant read and answers nobody else.
/// </summary>
public sealed class InstancePageQueries(WhatsPortalDbContext db, WhatsPortalDbContextFactory contexts, CurrentUser user, IWhatsAppEngine engine, TimeProvider clock)
{
    public const int DeliveriesShown = 20;

    public async Task<InstanceView?> InstanceAsync(Guid instanceId, InstanceDoor door, CancellationToken ct = default)
    {
        await using var lease = Open(door);
        if (lease.Db is not { } context) return null;
        var found = await (from i in context.Instances.AsNoTracking().Where(i => i.Id == instanceId).WithNode(context.InstanceLeases, clock.GetUtcNow().UtcDateTime)
                           join t in context.Tenants.AsNoTracking() on i.Instance.TenantId equals t.Id
                           select new { i.Instance, i.Node, Tenant = t.Name }).SingleOrDefaultAsync(ct);
        if (found is null) return null;
        // The owner writes every transition to the row as it makes it, wherever it runs; only the QR itself lives in its
        // memory alone, so the instance's grain is asked for nothing else (and only while there is a QR to show).
        var qr = found.Instance.Status == InstanceStatus.Qr ? await engine.GetQrAsync(instanceId) : null;
        return new(found.Instance, found.Instance.Status, qr, found.Tenant, found.Node);
    }

    public async Task<EventLogPage> EventsAsync(Guid instanceId, InstanceDoor door, InstanceEventLevel? level, string? type, int start, int count, CancellationToken ct = default)
    {
        await using var lease = Open(door);
        if (lease.Db is not { } context) return new([], 0);
        var log = context.InstanceEvents.AsNoTracking().Where(e => e.InstanceId == instanceId);
        if (level is { } wanted) log = log.Where(e => e.Level == wanted);
        if (!string.IsNullOrEmpty(type)) log = log.Where(e => e.Type == type);
        var total = await log.CountAsync(ct);
        var rows = await log.OrderByDescending(e => e.Id).Skip(start).Take(count).ToListAsync(ct);
        return new(rows, total);
    }

    /// <summary>The kinds of line the instance's log holds, for its filter.</summary>
    public async Task<IReadOnlyList<string>> EventTypesAsync(Guid instanceId, InstanceDoor door, CancellationToken ct = default)
    {
        await using var lease = Open(door);
        return lease.Db is not { } context ? []
            : await context.InstanceEvents.Where(e => e.InstanceId == instanceId).Select(e => e.Type).Distinct().OrderBy(t => t).ToListAsync(ct);
    }

    /// <summary>The instance's latest webhook deliveries, newest first, each with its attempts.</summary>
    public async Task<IReadOnlyList<DeliveryView>> DeliveriesAsync(Guid instanceId, CancellationToken ct = default)
    {
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.InstanceId == instanceId)
            .OrderByDescending(d => d.Id).Take(DeliveriesShown).ToListAsync(ct);
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).OrderBy(a => a.Id).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        return [.. deliveries.Select(d => new DeliveryView(d, [.. attempts[d.Id]]))];
    }

    /// <summary>The instance's chats, most recent first.</summary>
    public async Task<IReadOnlyList<Chat>> ChatsAsync(Guid instanceId, int count, CancellationToken ct = default) =>
        await db.Chats.AsNoTracking().Where(c => c.InstanceId == instanceId).OrderByDescending(c => c.LastMessageAt).Take(count).ToListAsync(ct);

    /// <summary>The context a door reads through: the scoped one (not disposed here) or, for the operator only, one across tenants.</summary>
    private Lease Open(InstanceDoor door) => door switch
    {
        InstanceDoor.Tenant => new(db, Owned: false),
        _ when user.IsOperator => new(contexts.AcrossTenants(), Owned: true),
        _ => new(null, Owned: false),
    };

    private readonly record struct Lease(WhatsPortalDbContext? Db, bool Owned) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Owned && Db is not null ? Db.DisposeAsync() : ValueTask.CompletedTask;
    }
}
