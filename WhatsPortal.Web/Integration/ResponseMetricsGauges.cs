using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// Response metrics as gauges of the <c>WhatsPortal</c> meter, per instance (labels tenant, instance) and per tenant
/// (label tenant). Gauge callbacks cannot wait on a database, so each scrape of <c>/metrics</c> first recomputes the
/// figures (<see cref="RefreshAsync"/>) and the callbacks read what it left.
/// </summary>
public sealed class ResponseMetricsGauges
{
    private sealed record Figures(IReadOnlyList<(Guid Tenant, Guid Instance, ResponseMetrics Metrics)> Instances, IReadOnlyList<(Guid Tenant, ResponseMetrics Metrics)> Tenants);

    private readonly WhatsPortalDbContextFactory _contexts;
    private readonly IOptions<ResponseMetricsOptions> _options;
    private readonly TimeProvider _clock;
    private volatile Figures _figures = new([], []);

    public ResponseMetricsGauges(IMeterFactory meters, WhatsPortalDbContextFactory contexts, IOptions<ResponseMetricsOptions> options, TimeProvider clock)
    {
        (_contexts, _options, _clock) = (contexts, options, clock);
        // The factory hands back the meter WhatsPortalMetrics made under the same name, and disposes it.
        var meter = meters.Create(WhatsPortalMetrics.MeterName);
        foreach (var (level, perInstance) in new[] { ("instance", true), ("tenant", false) })
        {
            meter.CreateObservableGauge($"whatsportal.{level}.conversations", () => Observe(perInstance, m => m.Conversations), "{conversation}",
                $"Inbound conversations started in the window, per {level}");
            meter.CreateObservableGauge($"whatsportal.{level}.answered_share", () => Observe(perInstance, m => m.AnsweredShare), "1",
                $"Share of inbound conversations answered, per {level}");
            meter.CreateObservableGauge($"whatsportal.{level}.first_reply.median", () => Observe(perInstance, m => m.MedianFirstReply?.TotalSeconds), "s",
                $"Median time to the first reply, per {level}");
            meter.CreateObservableGauge($"whatsportal.{level}.first_reply.p90", () => Observe(perInstance, m => m.P90FirstReply?.TotalSeconds), "s",
                $"90th percentile of the time to the first reply, per {level}");
        }
    }

    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var db = _contexts.AcrossTenants();
        var options = _options.Value;
        var conversations = await Conversations.SinceAsync(db.Messages, _clock.GetUtcNow().UtcDateTime.AddDays(-options.WindowDays), options.Silence, ct);
        _figures = new Figures(
            [.. conversations.GroupBy(c => (c.TenantId, c.InstanceId)).Select(g => (g.Key.TenantId, g.Key.InstanceId, ResponseMetrics.Of(g)))],
            [.. conversations.GroupBy(c => c.TenantId).Select(g => (g.Key, ResponseMetrics.Of(g)))]);
    }

    private IEnumerable<Measurement<double>> Observe(bool perInstance, Func<ResponseMetrics, double?> value)
    {
        var figures = _figures;
        return perInstance
            ? figures.Instances.Where(f => value(f.Metrics) is not null).Select(f => new Measurement<double>(value(f.Metrics)!.Value,
                new KeyValuePair<string, object?>("tenant", f.Tenant.ToString()), new KeyValuePair<string, object?>("instance", f.Instance.ToString())))
            : figures.Tenants.Where(f => value(f.Metrics) is not null).Select(f => new Measurement<double>(value(f.Metrics)!.Value,
                new KeyValuePair<string, object?>("tenant", f.Tenant.ToString())));
    }
}
