using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using StackExchange.Redis;
using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Web.Integration;

public static class IntegrationExtensions
{
    /// <summary>Webhooks (outbox, dispatcher, SSRF guard), the events hub, metrics and health checks.</summary>
    public static IServiceCollection AddIntegration(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookDestinationGuard>();
        services.AddSingleton<WebhookDispatchSignal>();
        services.AddSingleton<WebhookTargetCache>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<IntegrationEventFactory>();
        services.AddSingleton<WhatsPortalMetrics>();
        services.AddOptions<ResponseMetricsOptions>().BindConfiguration(ResponseMetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ResponseMetricsGauges>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(WhatsPortalMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        // Meters are process-wide: with several hosts in one process (tests), keep out the instruments
        // another host's meter factory made, or their counts would add up with ours.
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var ours = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument => instrument.Meter.Scope is IMeterFactory other && !ReferenceEquals(other, ours) ? MetricStreamConfiguration.Drop : null);
        });
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<WebhookDestinationGuard>().ConnectAsync,
                // A proxy would connect on our behalf and bypass the address checks; redirects could lead anywhere.
                UseProxy = false,
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        // Only the events hub: the portal's circuits run over SignalR too, and aborting one's socket only makes it reconnect,
        // racing its own revalidation (RevalidatingPortalAuthenticationStateProvider) that sends a revoked user to sign in.
        services.AddSignalR().AddHubOptions<EventsHub>(hub => hub.AddFilter<ClosedWhenRevokedHubFilter>());
        // Registered ahead of the engine (see IntegrationEventPump) so no early event is missed.
        services.AddHostedService<IntegrationEventPump>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHealthChecks()
            // Outside a request the context has no tenant; connecting needs none.
            .AddDbContextCheck<WhatsPortalDbContext>("database", tags: [ReadinessTag])
            .AddCheck<EngineHealthCheck>("engine", tags: [ReadinessTag]);
        return services;
    }

    /// <summary>
    /// With <c>Cluster:Enabled</c>, engine events and hub messages cross nodes through Redis (docs/architecture.md,
    /// "Cluster: events and webhooks"). Before the engine, whose in-process bus is only the default.
    /// </summary>
    public static WebApplicationBuilder AddClusterEvents(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() is not { Enabled: true } cluster) return builder;
        var redis = cluster.Redis ?? throw new InvalidOperationException("Cluster:Redis is required when Cluster:Enabled is true.");
        builder.Services.AddSingleton<IEngineEvents, RedisEngineEvents>();
        builder.Services.AddSignalR().AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = RedisChannel.Literal("whatsportal:hub"));
        return builder;
    }

    public const string ReadinessTag = "ready";

    public static IEndpointRouteBuilder MapIntegration(this IEndpointRouteBuilder app)
    {
        app.MapHub<EventsHub>(EventsHub.Path);
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false }).WithTags("Health");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadinessTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).WithTags("Health");
        var responseGauges = app.ServiceProvider.GetRequiredService<ResponseMetricsGauges>();
        app.MapPrometheusScrapingEndpoint("/metrics", null, branch => branch.Use(async (context, next) =>
            {
                await responseGauges.RefreshAsync(context.RequestAborted);
                await next(context);
            }), null)
            .WithTags("Health").WithSummary("Prometheus metrics: instances by state, messages in/out, send latency, webhook deliveries and failures, browser restarts, response metrics per instance and tenant; ASP.NET Core, HttpClient and runtime.");
        return app;
    }
}
