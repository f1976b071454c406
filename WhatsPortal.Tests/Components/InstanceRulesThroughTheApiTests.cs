using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Components;

/// <summary>The instance page's rules through the API's door: the same commands answer (the component's door is <see cref="InstancePageTests"/>).</summary>
public sealed class InstanceRulesThroughTheApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_bad_or_private_webhook_URL_is_refused_another_tenants_instance_is_not_found_and_a_good_one_is_saved()
    {
        var (client, instanceId) = await InstanceAsync();
        var (stranger, _) = await InstanceAsync();

        foreach (var url in new[] { "ftp://crm.example.com/in", "http://169.254.169.254/latest" })
        {
            var refused = await client.PutAsJsonAsync($"/api/v1/instances/{instanceId}/webhook", new { url });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("url", out _));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync($"/api/v1/instances/{instanceId}/webhook", new { url = "https://crm.example.com/in" })).StatusCode);
        await using (var db = factory.AcrossTenants())
            Assert.Null((await db.Instances.SingleAsync(i => i.Id == instanceId)).WebhookUrl);

        var saved = await client.PutAsJsonAsync($"/api/v1/instances/{instanceId}/webhook", new { url = "https://crm.example.com/in" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.StartsWith("whsec_", (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString());
    }

    [Fact]
    public async Task A_delivery_is_redelivered_by_its_tenant_and_not_found_for_another()
    {
        var (client, instanceId) = await InstanceAsync();
        var (stranger, _) = await InstanceAsync();
        long deliveryId;
        await using (var db = factory.AcrossTenants())
        {
            var tenantId = (await db.Instances.SingleAsync(i => i.Id == instanceId)).TenantId;
            var delivery = new WebhookDelivery
            {
                TenantId = tenantId, InstanceId = instanceId, EventId = Guid.NewGuid(), EventType = "instance.status", Url = "https://crm.example.com/in",
                Payload = "{}", Status = WebhookDeliveryStatus.Failed, CreatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow,
            };
            db.WebhookDeliveries.Add(delivery);
            await db.SaveChangesAsync();
            deliveryId = delivery.Id;
        }
        var path = $"/api/v1/instances/{instanceId}/webhook/deliveries/{deliveryId}/redeliver";

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync(path, null)).StatusCode);
        await using (var db = factory.AcrossTenants())
            Assert.Equal(1, await db.WebhookDeliveries.CountAsync(d => d.InstanceId == instanceId));
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync(path, null)).StatusCode);
        await using (var db = factory.AcrossTenants())
            Assert.Equal(2, await db.WebhookDeliveries.CountAsync(d => d.InstanceId == instanceId));
    }

    [Fact]
    public async Task A_pairing_code_for_an_instance_not_showing_a_QR_is_a_conflict_and_another_tenants_is_not_found()
    {
        var (client, instanceId) = await InstanceAsync();
        var (stranger, _) = await InstanceAsync();
        var path = $"/api/v1/instances/{instanceId}/pairing-code";

        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync(path, new { phone = "5511999990000" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(path, new { phone = "5511999990000" })).StatusCode);
    }

    private async Task<(HttpClient Client, Guid InstanceId)> InstanceAsync()
    {
        var client = factory.ApiClient((await factory.CreateTenantWithKeyAsync()).Key);
        var created = await client.PostAsJsonAsync("/api/v1/instances", new { name = "hooked" });
        created.EnsureSuccessStatusCode();
        return (client, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }
}
