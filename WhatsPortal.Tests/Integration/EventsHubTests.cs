using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Apis;
using WhatsPortal.Web.Integration;

namespace WhatsPortal.Tests.Integration;

public sealed class EventsHubTests(IntegrationPortal portal) : IClassFixture<IntegrationPortal>
{
    [Fact]
    public async Task A_tenant_subscriber_receives_its_instances_events_live_and_not_another_tenants()
    {
        var (_, tenantId, instanceId, _) = await portal.InstanceWithWebhookAsync(new Uri("http://127.0.0.1:9/unused"));
        var (_, otherTenant, otherInstance, _) = await portal.InstanceWithWebhookAsync(new Uri("http://127.0.0.1:9/unused"));
        var key = await KeyOfAsync(tenantId);
        await using var hub = await EventsHubClient.ConnectAsync(portal.Server, key);
        await hub.Connection.InvokeAsync("SubscribeTenant");

        await portal.RaiseStatusAsync(otherTenant, otherInstance, InstanceStatus.Stopped, InstanceStatus.Starting);
        await portal.RaiseStatusAsync(tenantId, instanceId, InstanceStatus.Stopped, InstanceStatus.Starting);

        var received = await hub.NextEventAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("instance.status", received.GetProperty("type").GetString());
        Assert.Equal(instanceId, received.GetProperty("instanceId").GetGuid());
        Assert.Equal("starting", received.GetProperty("data").GetProperty("to").GetString());
    }

    [Fact]
    public async Task Subscribing_to_another_tenants_instance_is_refused_as_not_found()
    {
        var (_, tenantId, _, _) = await portal.InstanceWithWebhookAsync(new Uri("http://127.0.0.1:9/unused"));
        var (_, _, otherInstance, _) = await portal.InstanceWithWebhookAsync(new Uri("http://127.0.0.1:9/unused"));
        await using var hub = await EventsHubClient.ConnectAsync(portal.Server, await KeyOfAsync(tenantId));

        var refusal = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("SubscribeInstance", otherInstance));
        Assert.Contains("no instance", refusal.Message);
    }

    [Fact]
    public async Task The_hub_refuses_a_connection_without_a_valid_key()
    {
        var refusal = await Assert.ThrowsAsync<HttpRequestException>(() => EventsHubClient.ConnectAsync(portal.Server, "wpk_not-a-real-key"));
        Assert.Equal(HttpStatusCode.Unauthorized, refusal.StatusCode);
    }

    private async Task<string> KeyOfAsync(Guid tenantId)
    {
        using var operatorClient = portal.OperatorClient();
        var response = await operatorClient.PostAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/api-keys", new { name = "hub", scopes = new[] { "read" } });
        return (await response.Content.ReadFromJsonAsync<AdminApi.CreatedApiKeyResponse>())!.Key;
    }
}
