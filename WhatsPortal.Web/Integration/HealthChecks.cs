using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Driver;

namespace WhatsPortal.Web.Integration;

/// <summary>The engine can work: the host is running (not starting or stopping) and Chromium is where it is expected.</summary>
internal sealed class EngineHealthCheck(IHostApplicationLifetime lifetime, IOptions<EngineOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
            return Task.FromResult(HealthCheckResult.Unhealthy("The engine is starting or stopping."));
        try
        {
            var chromium = ChromiumLocator.Find(options.Value.ChromiumPath);
            return Task.FromResult(HealthCheckResult.Healthy($"Running; Chromium at {chromium}."));
        }
        catch (ChromiumNotFoundException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(ex.Message));
        }
    }
}

/// <summary>Each check's status and description for the operator; no exception details or connection strings.</summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description }),
        }, WebhookOutbox.Json));
    }
}
