using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Infrastructure;

/// <summary><c>RateLimits:*</c>: one tenant's burst must not starve the others.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>API requests per minute per key (anonymous requests: per client address).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Messages accepted per minute per instance, on top of the instance's pacing.</summary>
    [Range(1, 1_000_000)]
    public int MessagesPerMinutePerInstance { get; set; } = 120;

    /// <summary>Sign-in form posts (password or two-factor code) per minute per client address.</summary>
    [Range(1, 1_000_000)]
    public int SignInAttemptsPerMinute { get; set; } = 10;
}

/// <summary>Token buckets per instance for accepting outbound messages; refills continuously over a minute.</summary>
public sealed class OutboundRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter;

    public OutboundRateLimiter(IOptions<RateLimitOptions> options)
    {
        var perMinute = options.Value.MessagesPerMinutePerInstance;
        _limiter = PartitionedRateLimiter.Create<Guid, Guid>(instance => RateLimitPartition.GetTokenBucketLimiter(instance, _ => PerMinute(perMinute)));
    }

    /// <returns>null when the message may be accepted, otherwise how long to wait.</returns>
    public TimeSpan? TryAcquire(Guid instanceId)
    {
        using var lease = _limiter.AttemptAcquire(instanceId);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    internal static TokenBucketRateLimiterOptions PerMinute(int perMinute) => new()
    {
        TokenLimit = perMinute,
        TokensPerPeriod = Math.Max(1, perMinute / 60),
        ReplenishmentPeriod = TimeSpan.FromSeconds(perMinute >= 60 ? 1 : 60.0 / perMinute),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    public void Dispose() => _limiter.Dispose();
}

public static class RateLimitExtensions
{
    public static IServiceCollection AddWhatsPortalRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboundRateLimiter>();
        services.AddMemoryCache();
        services.AddSingleton<SignInAttempts>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            var perMinute = limits.Value.RequestsPerMinute;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => OutboundRateLimiter.PerMinute(perMinute))
                    : RateLimitPartition.GetNoLimiter("portal"));
            limiter.OnRejected = (context, ct) => WriteTooManyRequestsAsync(context.HttpContext,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1),
                $"More than {perMinute} requests per minute with this key.", ct);
        });
        return services;
    }

    /// <summary>Answers 429 as problem details with a Retry-After in whole seconds.</summary>
    public static async ValueTask WriteTooManyRequestsAsync(HttpContext context, TimeSpan retryAfter, string detail, CancellationToken ct)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = SecondsOf(retryAfter);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail },
        });
    }

    public static string SecondsOf(TimeSpan retryAfter) =>
        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    // The raw header identifies the key before authentication has run; its hash keeps the secret out of memory dumps of the limiter.
    private static string PartitionKey(HttpContext context) =>
        context.Request.Headers[ApiKeyAuthenticationHandler.HeaderName].ToString() is { Length: > 0 } key
            ? "key:" + ApiKeyFormat.Hash(key)
            : "ip:" + context.Connection.RemoteIpAddress;
}
