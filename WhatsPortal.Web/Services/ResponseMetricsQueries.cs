using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Services;

/// <summary>Response metrics of one instance or tenant (<see cref="Id"/>), by name.</summary>
public sealed record ResponseMetricsRow(Guid Id, string Name, ResponseMetrics Metrics);

/// <summary>Response metrics since <see cref="Since"/>: the total and one row per instance (tenant's view) or per tenant (operator's).</summary>
public sealed record ResponseMetricsView(DateTime Since, ResponseMetrics Total, IReadOnlyList<ResponseMetricsRow> Rows);

/// <summary>
/// Response metrics as the statistics pages show them: a tenant sees its instances through its tenant-scoped context;
/// the operator sees every tenant, and anyone else asking for that gets null (the page answers "not found").
/// </summary>
public sealed class ResponseMetricsQueries(WhatsPortalDbContext db, CurrentUser caller, WhatsPortalDbContextFactory contexts,
    IOptions<ResponseMetricsOptions> options, TimeProvider clock)
{
    public async Task<ResponseMetricsView?> ForTenantAsync(CancellationToken ct = default)
    {
        if (db.Scope.TenantId is null) return null;
        var since = Since();
        var conversations = await Conversations.SinceAsync(db.Messages, since, options.Value.Silence, ct);
        var instances = await db.Instances.AsNoTracking().OrderBy(i => i.Name).Select(i => new { i.Id, i.Name }).ToListAsync(ct);
        return new ResponseMetricsView(since, ResponseMetrics.Of(conversations),
            [.. instances.Select(i => new ResponseMetricsRow(i.Id, i.Name, ResponseMetrics.Of(conversations.Where(c => c.InstanceId == i.Id))))]);
    }

    public async Task<ResponseMetricsView?> AcrossTenantsAsync(CancellationToken ct = default)
    {
        if (!caller.IsOperator) return null;
        await using var all = contexts.AcrossTenants();
        var since = Since();
        var conversations = await Conversations.SinceAsync(all.Messages, since, options.Value.Silence, ct);
        var tenants = await all.Tenants.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        return new ResponseMetricsView(since, ResponseMetrics.Of(conversations),
            [.. tenants.Select(t => new ResponseMetricsRow(t.Id, t.Name, ResponseMetrics.Of(conversations.Where(c => c.TenantId == t.Id))))]);
    }

    private DateTime Since() => clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.WindowDays);
}
