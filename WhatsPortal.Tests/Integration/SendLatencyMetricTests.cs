using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Integration;

namespace WhatsPortal.Tests.Integration;

/// <summary>What the send-latency histogram measures: the time a message waited on us, not the time it was asked to wait.</summary>
public sealed class SendLatencyMetricTests
{
    [Fact]
    public void A_scheduled_message_counts_from_its_release_and_an_immediate_one_from_its_acceptance()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var metrics = new WhatsPortalMetrics(meters);
        using var latency = new MetricCollector<double>(meters, WhatsPortalMetrics.MeterName, "whatsportal.messages.send_latency");
        var (tenant, instance, now) = (Guid.NewGuid(), Guid.NewGuid(), new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc));
        // Accepted three hours before its time, released to the queue at its time, sent two seconds later.
        var scheduled = Guid.CreateVersion7(new DateTimeOffset(now.AddHours(-3)));
        var immediate = Guid.CreateVersion7(new DateTimeOffset(now.AddSeconds(-5)));

        metrics.Observe(new MessageStatusChanged(tenant, instance, now.AddSeconds(-2), scheduled, MessageStatus.Queued, null));
        metrics.Observe(new MessageStatusChanged(tenant, instance, now, scheduled, MessageStatus.Sent, null));
        metrics.Observe(new MessageStatusChanged(tenant, instance, now, immediate, MessageStatus.Sent, null));

        Assert.Equal([2.0, 5.0], latency.GetMeasurementSnapshot().Select(m => m.Value));
    }
}
