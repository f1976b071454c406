using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Integration;

/// <summary>Health, metrics, the OpenAPI document and rate limits: what an operator and an integrator rely on.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task Liveness_answers_and_readiness_reports_each_check()
    {
        await using var portal = new PortalFactory();
        using var client = portal.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        var ready = await client.GetAsync("/health/ready");
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("healthy", report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.True(report.GetProperty("checks").TryGetProperty("engine", out var engine));
        Assert.Contains("Chromium", engine.GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Metrics_expose_instances_by_state_and_count_engine_events()
    {
        await using var portal = new IntegrationPortal();
        var (_, tenantId, instanceId, _) = await portal.InstanceWithWebhookAsync(new Uri("http://127.0.0.1:9/unused"));
        await portal.RaiseStatusAsync(tenantId, instanceId, InstanceStatus.Stopped, InstanceStatus.Reconnecting);
        using var client = portal.CreateClient();

        string metrics = "";
        await Eventually.TrueAsync(async () =>
        {
            metrics = await client.GetStringAsync("/metrics");
            return metrics.Contains("whatsportal_browser_restarts_total{otel_scope_name=\"WhatsPortal\"} 1");
        }, "the restart is counted");
        Assert.Contains("# TYPE whatsportal_instances gauge", metrics);
        Assert.Contains("whatsportal_instances{otel_scope_name=\"WhatsPortal\",state=\"reconnecting\"} 1", metrics);
    }

    [Fact]
    public async Task Every_api_endpoint_is_in_the_openapi_document()
    {
        await using var portal = new PortalFactory();
        using var client = portal.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");

        var endpoints = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/") == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: OpenApiPath(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .ToList();
        Assert.NotEmpty(endpoints);
        var missing = endpoints.Where(e => !paths.TryGetProperty(e.Path, out var item) || !item.TryGetProperty(e.Method, out _)).ToList();
        Assert.True(missing.Count == 0, "Missing from /openapi/v1.json: " + string.Join(", ", missing.Select(m => $"{m.Method.ToUpperInvariant()} {m.Path}")));
        Assert.True(paths.GetProperty("/api/v1/instances/{id}/messages").GetProperty("post").TryGetProperty("requestBody", out _));
        var sendExample = document.GetProperty("components").GetProperty("schemas").GetProperty("SendMessageRequest").GetProperty("examples")[0];
        Assert.Equal("5511988887777", sendExample.GetProperty("to").GetString());
    }

    [Fact]
    public async Task A_burst_over_the_per_key_limit_gets_429_with_retry_after_and_other_keys_are_unaffected()
    {
        await using var portal = new LimitedPortal();
        var (_, key) = await portal.CreateTenantWithKeyAsync();
        var (_, otherKey) = await portal.CreateTenantWithKeyAsync();
        using var api = portal.ApiClient(key);
        using var other = portal.ApiClient(otherKey);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++) answers.Add(await api.GetAsync("/api/v1/instances"));
        var limited = answers.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/instances")).StatusCode);
    }

    [Fact]
    public async Task An_instance_accepts_only_its_messages_per_minute()
    {
        await using var portal = new LimitedPortal();
        var (_, key) = await portal.CreateTenantWithKeyAsync();
        using var api = portal.ApiClient(key);
        var created = await api.PostAsJsonAsync("/api/v1/instances", new { name = "limited" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync($"/api/v1/instances/{id}/messages", new { to = "5511988887777", text = "1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync($"/api/v1/instances/{id}/messages", new { to = "5511988887777", text = "2" })).StatusCode);
        var third = await api.PostAsJsonAsync($"/api/v1/instances/{id}/messages", new { to = "5511988887777", text = "3" });
        await third.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(third.Headers.Contains("Retry-After"));
        await using var db = portal.AcrossTenants();
        Assert.Equal(2, db.Messages.Count(m => m.InstanceId == id));
    }

    /// <summary>Route templates use constraints ({id:guid}); the document uses bare names ({id}).</summary>
    private static string OpenApiPath(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{([^}:?]+)[^}]*\}", "{$1}").TrimEnd('/') is { Length: > 0 } path ? path : "/";

    private sealed class LimitedPortal : PortalFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("RateLimits:RequestsPerMinute", "5"),
            new("RateLimits:MessagesPerMinutePerInstance", "2"),
        ];
    }
}
