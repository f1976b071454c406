using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Tests.Components;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Api;

/// <summary>/metrics carries the response metrics as gauges labelled by tenant and instance, the same numbers the pages show.</summary>
public sealed class ResponseMetricsEndpointTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Metrics_has_the_response_gauges_per_instance_and_per_tenant()
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        var (support, sales) = await ResponseMetricsTests.SeedAsync(factory.Services.GetRequiredService<WhatsPortalDbContextFactory>(), tenantId);
        using var client = factory.CreateClient();

        var text = await client.GetStringAsync("/metrics");

        Assert.Equal(4, Gauge(text, "whatsportal_instance_conversations", tenantId, support));
        Assert.Equal(0.75, Gauge(text, "whatsportal_instance_answered_share", tenantId, support));
        Assert.Equal(1800, Gauge(text, "whatsportal_instance_first_reply_median", tenantId, support));
        Assert.Equal(7200, Gauge(text, "whatsportal_instance_first_reply_p90", tenantId, support));
        Assert.Equal(3600, Gauge(text, "whatsportal_instance_first_reply_median", tenantId, sales));
        Assert.Equal(5, Gauge(text, "whatsportal_tenant_conversations", tenantId));
        Assert.Equal(0.8, Gauge(text, "whatsportal_tenant_answered_share", tenantId));
        Assert.Equal(1800, Gauge(text, "whatsportal_tenant_first_reply_median", tenantId));
        Assert.Equal(7200, Gauge(text, "whatsportal_tenant_first_reply_p90", tenantId));
    }

    /// <summary>The value of the one sample of <paramref name="name"/> (whatever unit suffix the exporter adds) for the tenant and instance.</summary>
    internal static double Gauge(string exposition, string name, Guid tenant, Guid? instance = null)
    {
        var samples = exposition.Split('\n').Where(line => Regex.IsMatch(line, $"^{name}(_[a-z]+)?{{"))
            .Where(line => line.Contains($"tenant=\"{tenant}\"") && (instance is null ? !line.Contains("instance=") : line.Contains($"instance=\"{instance}\"")))
            .ToList();
        var sample = Assert.Single(samples);
        return double.Parse(sample.Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
