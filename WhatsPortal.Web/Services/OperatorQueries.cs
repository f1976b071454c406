using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Services;

/// <summary>A tenant and what it uses: its instances (and how many are connected) and its messages.</summary>
public sealed record TenantUsage(Guid Id, string Name, int? Quota, bool Suspended, DateTime CreatedAt,
    int Instances, int Connected, int Inbound, int Outbound, int Failures);

/// <summary>One instance of any tenant, as the operator's list shows it, with the node running it (null when none does).</summary>
public sealed record OperatorInstance(Guid Id, Guid TenantId, string Tenant, string Name, string? WhatsAppId,
    InstanceStatus Status, string? StatusReason, DateTime? LastActivityAt, string? Node);

/// <summary>Per hour (UTC starts), across tenants: messages received and sent, and instances connected at the hour's end.</summary>
public sealed record HourlyStatistics(DateTime[] Hours, int[] Received, int[] Sent, int[] Connected);

/// <summary>
/// What the operator reads across tenants. Each read first checks, on the server, that the caller is the operator:
/// anyone else gets null (the pages answer "not found"), whatever page or circuit call asked.
/// </summary>
public sealed class OperatorQueries(CurrentUser caller, WhatsPortalDbContextFactory contexts, TimeProvider clock)
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

    /// <summary>
    /// Every tenant's instances with the status their owner last wrote: the owner writes each transition as it makes it,
    /// and asking each instance's grain instead would wake a grain per row, and wait on a node that just died.
    /// </summary>
    public async Task<IReadOnlyList<OperatorInstance>?> InstancesAsync(CancellationToken ct = default)
    {
        if (!caller.IsOperator) return null;
        await using var db = contexts.AcrossTenants();
        return await (from found in db.Instances.AsNoTracking().WithNode(db.InstanceLeases, clock.GetUtcNow().UtcDateTime)
                          join t in db.Tenants on found.Instance.TenantId equals t.Id
                          orderby t.Name, found.Instance.Name
                          select new OperatorInstance(found.Instance.Id, t.Id, t.Name, found.Instance.Name, found.Instance.WhatsAppId,
                              found.Instance.Status, found.Instance.StatusReason, found.Instance.LastActivityAt, found.Node)).ToListAsync(ct);
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
