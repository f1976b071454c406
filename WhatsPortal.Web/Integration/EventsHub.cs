using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// Live events for API clients (and the portal): after connecting with a tenant key, call
/// <c>SubscribeTenant()</c> or <c>SubscribeInstance(id)</c> and receive <c>event</c> messages carrying the
/// same <see cref="IntegrationEvent"/> the webhooks send.
/// </summary>
[Authorize(Policy = Policies.Read)]
public sealed class EventsHub(WhatsPortalDbContext db) : Hub
{
    public const string Path = "/hubs/events";
    public const string EventMethod = "event";

    public static string TenantGroup(Guid tenantId) => $"tenant:{tenantId}";
    public static string InstanceGroup(Guid instanceId) => $"instance:{instanceId}";

    public async Task SubscribeTenant() =>
        await Groups.AddToGroupAsync(Context.ConnectionId, TenantGroup(Tenant), Context.ConnectionAborted);

    public async Task SubscribeInstance(Guid instanceId)
    {
        // The tenant filter makes another tenant's instance look absent, exactly as on the REST API.
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, Context.ConnectionAborted))
            throw new HubException($"There is no instance {instanceId}.");
        await Groups.AddToGroupAsync(Context.ConnectionId, InstanceGroup(instanceId), Context.ConnectionAborted);
    }

    public Task UnsubscribeTenant() => Groups.RemoveFromGroupAsync(Context.ConnectionId, TenantGroup(Tenant));

    public Task UnsubscribeInstance(Guid instanceId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, InstanceGroup(instanceId));

    private Guid Tenant => Context.User?.GetTenantId() ?? throw new HubException("This connection has no tenant.");
}
