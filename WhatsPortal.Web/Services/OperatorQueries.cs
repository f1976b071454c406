using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Services;

/// <summary>A tenant and what it uses: its instances (and how many are connected) and its messages.</summary>
public sealed record TenantUsage(Guid Id, string Name, int? Quota, bool Suspended, DateTime CreatedAt,
    int Instances, int Connected, int Inbound, int Outbound, int Failures);

/// <summary>One instance of any tenant, as the operator's list shows it.</summary>
public sealed record OperatorInstance(Guid Id, Guid TenantId, string Tenant, string Name, string? WhatsAppId,
    InstanceStatus Status, string? StatusReason, DateTime? LastActivityAt);

/// <summary>Per hour (UTC starts), across tenants: messages received and sent, and instances connected at the hour's end.</summary>
public sealed record HourlyStatistics(DateTime[] Hours, int[] Received, int[] Sent, int[] Connected);

/// <summary>
/// What the operator reads across tenants. Each read first checks, on the server, that the caller is the operator:
/// anyone else gets null (the pages answer "not found"), whatever page or circuit call asked.
/// </summary>
public sealed class OperatorQueries(CurrentUser caller, WhatsPortalDbContextFactory contexts, IWhatsAppEngine engine, TimeProvider clock)
{
    public async Task<IReadOnlyList<TenantUsage>?> TenantsAsync(CancellationToken ct = default)
    {
        if (!caller.IsOperator) return null;
        await using var db = contexts.AcrossTenants();
        return await db.Tenants.AsNoTracking().OrderBy(t => t.Name).Select(t => new TenantUsage(
            t.Id, t.Name, t.InstanceQuota, t.SuspendedAt != null, t.CreatedAt,
            db.Instances.Count(i => i.TenantId == t.Id),
            db.Instances.Count(i => i.TenantId == t.Id && i.Status == InstanceStatus.Connected),
            db.Messages.Count(m => m.TenantId == t.Id && m.Direction == MessageDirection.Inbound),
            db.Messages.Count(m => m.TenantId == t.Id && m.Direction == MessageDirection.Outbound),
            db.Messages.Count(m => m.TenantId == t.Id && m.Status == MessageStatus.Failed))).ToListAsync(ct);
    }

    /// <summary>Every tenant's instances, with the engine's current status where it runs them.</summary>
    public async Task<IReadOnlyList<OperatorInstance>?> InstancesAsync(CancellationToken ct = default)
    {
        if (!caller.IsOperator) return null;
        await using var db = contexts.AcrossTenants();
        var rows = await (from i in db.Instances.AsNoTracking()
                          join t in db.Tenants on i.TenantId equals t.Id
                          orderby t.Name, i.Name
                          select new OperatorInstance(i.Id, t.Id, t.Name, i.Name, i.WhatsAppId, i.Status, i.StatusReason, i.LastActivityAt)).ToListAsync(ct);
        return await Task.WhenAll(rows.Select(async r => await engine.GetStatusAsync(r.Id) is { } live ? r with { Status = live } : r));
    }

    /// <summary>The last 24 hours, the current one included.</summary>
    public async Task<HourlyStatistics?> LastDayAsync(CancellationToken ct = default)
    {
        if (!caller.IsOperator) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var firstHour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddHours(-23);
        var hours = Enumerable.Range(0, 24).Select(h => firstHour.AddHours(h)).ToArray();

        await using var db = contexts.AcrossTenants();
        var messages = await db.Messages.AsNoTracking().Where(m => m.CreatedAt >= firstHour)
            .Select(m => new { m.CreatedAt, m.Direction }).ToListAsync(ct);
        int[] PerHour(MessageDirection direction) =>
            [.. hours.Select(h => messages.Count(m => m.Direction == direction && m.CreatedAt >= h && m.CreatedAt < h.AddHours(1)))];

        // How many were connected at the end of each hour, replayed from the status transitions each instance logged.
        var transitions = await db.InstanceEvents.AsNoTracking().Where(e => e.ToStatus != null)
            .Select(e => new { e.InstanceId, e.CreatedAt, e.ToStatus }).OrderBy(e => e.CreatedAt).ToListAsync(ct);
        int[] connected = [.. hours.Select(h => transitions.Where(t => t.CreatedAt < h.AddHours(1)).GroupBy(t => t.InstanceId)
            .Count(g => g.Last().ToStatus == InstanceStatus.Connected))];
        return new HourlyStatistics(hours, PerHour(MessageDirection.Inbound), PerHour(MessageDirection.Outbound), connected);
    }
}
