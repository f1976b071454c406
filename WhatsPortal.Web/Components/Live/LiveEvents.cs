using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Components.Live;

/// <summary>
/// The engine's events a circuit's user may see, for its components to follow. One subscription to the engine per
/// circuit, opened by the first component that asks, shared by the rest. Each event is checked on the server against
/// the circuit's current (revalidated) user before any component sees it: a tenant user gets their own tenant's
/// events, the operator every tenant's, anyone else (including a user revoked mid-circuit) nothing.
/// </summary>
public sealed class LiveEvents(IEngineEvents events, AuthenticationStateProvider authentication, ILogger<LiveEvents> logger) : IAsyncDisposable
{
    private readonly List<Func<EngineEvent, Task>> _handlers = [];
    private readonly CancellationTokenSource _stop = new();
    private ClaimsPrincipal? _user;
    private Task? _pump;

    /// <summary>
    /// Calls <paramref name="handler"/> with every visible event, in the engine's order, until the returned value is
    /// disposed. The handler runs off the renderer's thread: a component hands its changes over with InvokeAsync.
    /// </summary>
    public IDisposable Subscribe(Func<EngineEvent, Task> handler)
    {
        lock (_handlers)
        {
            _handlers.Add(handler);
            _pump ??= PumpAsync();
        }
        return new Subscription(this, handler);
    }

    private async Task PumpAsync()
    {
        // The first MoveNextAsync opens the engine subscription before anything is awaited: a component that subscribes
        // and then reads its current state misses nothing published in between.
        var subscription = events.SubscribeAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
        var next = subscription.MoveNextAsync();
        authentication.AuthenticationStateChanged += OnAuthenticationStateChanged;
        try
        {
            _user = (await authentication.GetAuthenticationStateAsync()).User;
            while (await next)
            {
                var engineEvent = subscription.Current;
                next = subscription.MoveNextAsync();
                if (MaySee(_user, engineEvent)) await DeliverAsync(engineEvent);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
        finally
        {
            authentication.AuthenticationStateChanged -= OnAuthenticationStateChanged;
            await subscription.DisposeAsync();
        }
    }

    private async Task DeliverAsync(EngineEvent engineEvent)
    {
        Func<EngineEvent, Task>[] handlers;
        lock (_handlers) handlers = [.. _handlers];
        foreach (var handler in handlers)
        {
            try { await handler(engineEvent); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One broken component must not stop the others' updates.
                logger.LogWarning(ex, "A portal component failed to handle {Event}", engineEvent.GetType().Name);
            }
        }
    }

    internal static bool MaySee(ClaimsPrincipal? user, EngineEvent engineEvent) =>
        user?.Identity?.IsAuthenticated == true
        && (user.GetTenantId() is { } tenant ? tenant == engineEvent.TenantId : user.IsInRole(Roles.Admin));

    private async void OnAuthenticationStateChanged(Task<AuthenticationState> state)
    {
        try { _user = (await state).User; }
        catch (Exception ex) { _user = null; logger.LogWarning(ex, "The circuit's authentication state failed"); }
    }

    private void Unsubscribe(Func<EngineEvent, Task> handler)
    {
        lock (_handlers) _handlers.Remove(handler);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_pump is not null) await _pump;
        _stop.Dispose();
    }

    private sealed class Subscription(LiveEvents owner, Func<EngineEvent, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(handler);
    }
}
