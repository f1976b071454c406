using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Components.Shared;

namespace WhatsPortal.Web.Services;

/// <summary>One line of the dashboard: an instance and how many messages it had since the reader's midnight.</summary>
public sealed record InstanceRow(Guid Id, string Name, string? WhatsAppId, InstanceStatus Status, DateTime? LastActivityAt, int MessagesToday);

/// <summary>What the portal reads about the caller's instances, through the tenant-scoped context: another tenant's are not there.</summary>
public sealed class InstanceQueries(WhatsPortalDbContext db, UserClock clock, TimeProvider time)
{
    public Task<List<InstanceRow>> DashboardAsync(CancellationToken ct = default) => RowsAsync(db.Instances, ct);

    /// <summary>One instance's line (one the page did not know yet), or null when the caller has no such instance.</summary>
    public async Task<InstanceRow?> RowAsync(Guid instanceId, CancellationToken ct = default) =>
        (await RowsAsync(db.Instances.Where(i => i.Id == instanceId), ct)).SingleOrDefault();

    private async Task<List<InstanceRow>> RowsAsync(IQueryable<Instance> instances, CancellationToken ct)
    {
        var since = clock.StartOfTodayUtc(time.GetUtcNow().UtcDateTime);
        return await instances.AsNoTracking().OrderBy(i => i.Name)
            .Select(i => new InstanceRow(i.Id, i.Name, i.WhatsAppId, i.Status, i.LastActivityAt,
                db.Messages.Count(m => m.InstanceId == i.Id && m.CreatedAt >= since)))
            .ToListAsync(ct);
    }
}
