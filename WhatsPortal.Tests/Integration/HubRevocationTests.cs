using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;
using WhatsPortal.Web.Integration;

namespace WhatsPortal.Tests.Integration;

/// <summary>A hub connection is authenticated once, when it opens: it must still end when its key or tenant is revoked.</summary>
public abstract class HubRevocationTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    [Fact]
    public async Task An_open_connection_is_closed_once_its_key_is_revoked()
    {
        var (tenantId, key) = await portal.CreateTenantWithKeyAsync("read");
        await using var hub = await EventsHubClient.ConnectAsync(portal.Server, key);
        await hub.Connection.InvokeAsync("SubscribeTenant");

        using var operatorClient = portal.OperatorClient();
        var keyId = (await operatorClient.GetFromJsonAsync<AdminApi.ApiKeyResponse[]>($"/api/v1/admin/tenants/{tenantId}/api-keys"))!.Single().Id;
        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync($"/api/v1/admin/tenants/{tenantId}/api-keys/{keyId}")).StatusCode);

        await hub.ClosedByServerAsync(Eventually.DefaultTimeout);
        var refusal = await Assert.ThrowsAsync<HttpRequestException>(() => EventsHubClient.ConnectAsync(portal.Server, key));
        Assert.Equal(HttpStatusCode.Unauthorized, refusal.StatusCode);
    }

    [Fact]
    public async Task An_open_connection_is_closed_once_its_tenant_is_suspended()
    {
        var (tenantId, key) = await portal.CreateTenantWithKeyAsync("read");
        await using var hub = await EventsHubClient.ConnectAsync(portal.Server, key);
        await hub.Connection.InvokeAsync("SubscribeTenant");

        // However the tenant gets suspended, its state is what counts.
        await using (var db = portal.AcrossTenants())
            await db.Tenants.Where(t => t.Id == tenantId).ExecuteUpdateAsync(s => s.SetProperty(t => t.SuspendedAt, DateTime.UtcNow));

        await hub.ClosedByServerAsync(Eventually.DefaultTimeout);
        using var api = portal.ApiClient(key);
        await (await api.GetAsync("/api/v1/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_connection_whose_key_stands_stays_open_across_sweeps()
    {
        var (tenantId, key) = await portal.CreateTenantWithKeyAsync("read");
        await using var hub = await EventsHubClient.ConnectAsync(portal.Server, key);
        await hub.Connection.InvokeAsync("SubscribeTenant");
        var (otherTenant, otherKey) = await portal.CreateTenantWithKeyAsync("read");
        await using var revoked = await EventsHubClient.ConnectAsync(portal.Server, otherKey);
        await using (var db = portal.AcrossTenants())
            await db.ApiKeys.Where(k => k.TenantId == otherTenant).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTime.UtcNow));

        // Once a later sweep has closed the other connection, this one has been through it too and still answers.
        await revoked.ClosedByServerAsync(Eventually.DefaultTimeout);
        await hub.Connection.InvokeAsync("UnsubscribeTenant");
    }
}

public sealed class HubRevocationTestsOnSqlite(QuickRevalidationPortal portal) : HubRevocationTests<QuickRevalidationPortal>(portal);

[Trait("Category", "Postgres")]
public sealed class HubRevocationTestsOnPostgres(QuickRevalidationPostgresPortal portal) : HubRevocationTests<QuickRevalidationPostgresPortal>(portal);
