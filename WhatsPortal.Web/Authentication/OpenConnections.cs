using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace WhatsPortal.Web.Authentication;

/// <summary>
/// The long-lived connections (hub connections, live streams) with the principal that opened each. A connection is
/// authenticated once, when it opens; every <see cref="SessionOptions.RevalidationInterval"/> one batched
/// <see cref="PrincipalValidity"/> check finds those whose user, key or tenant no longer stands, and aborts them.
/// </summary>
public sealed class OpenConnections(PrincipalValidity validity, IOptions<SessionOptions> options, TimeProvider clock, ILogger<OpenConnections> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Connection, byte> _open = new();

    /// <summary>Follows a connection until the returned handle is disposed (when the connection ends).</summary>
    public IDisposable Track(ClaimsPrincipal user, Action abort)
    {
        var connection = new Connection(this, user, abort);
        _open.TryAdd(connection, 0);
        return connection;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevalidationInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var open = _open.Keys.ToArray();
            if (open.Length == 0) continue;
            try
            {
                var revoked = await validity.RevokedAmongAsync([.. open.Select(c => c.User)], stoppingToken);
                var closing = open.Where(c => revoked.Contains(c.User)).ToList();
                foreach (var connection in closing) connection.Abort();
                if (closing.Count > 0) logger.LogInformation("Closed {Count} connections whose session, key or tenant was revoked", closing.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly away; the next sweep tries again.
                logger.LogWarning(e, "Could not recheck the open connections");
            }
        }
    }

    private sealed class Connection(OpenConnections owner, ClaimsPrincipal user, Action abort) : IDisposable
    {
        public ClaimsPrincipal User { get; } = user;
        public void Abort() => abort();
        public void Dispose() => owner._open.TryRemove(this, out _);
    }
}

public static class OpenConnectionsExtensions
{
    /// <summary>An endpoint that streams for as long as the client stays (server-sent events) is closed once what authenticated it is revoked.</summary>
    public static TBuilder ClosedWhenRevoked<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            // Until the response ends, not the handler: a streaming result (server-sent events) runs after the handler returns.
            http.Response.RegisterForDispose(http.RequestServices.GetRequiredService<OpenConnections>().Track(http.User, http.Abort));
            return await next(context);
        });
}

/// <summary>Every connection to the hub this filter is added to (the events hub) is followed by <see cref="OpenConnections"/> from connect to disconnect.</summary>
public sealed class ClosedWhenRevokedHubFilter(OpenConnections connections) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var tracked = connections.Track(context.Context.User ?? new ClaimsPrincipal(), context.Context.Abort);
        context.Context.Items[typeof(OpenConnections)] = tracked;
        try
        {
            await next(context);
        }
        catch
        {
            // A connection refused while connecting gets no OnDisconnectedAsync.
            tracked.Dispose();
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Context.Items.Remove(typeof(OpenConnections), out var tracked)) (tracked as IDisposable)?.Dispose();
        await next(context, exception);
    }
}
