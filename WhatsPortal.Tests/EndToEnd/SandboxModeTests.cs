using System.Net;
using System.Net.Http.Json;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>With <c>Sandbox:Enabled=true</c> the portal hosts the simulator and its engine drives it: WhatsPortal without a phone.</summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SandboxModeTests
{
    [Fact]
    public async Task A_sandboxed_portal_links_an_instance_to_a_simulated_phone_on_its_own_address()
    {
        await using var portal = new SandboxedPortal();
        var (_, key) = await portal.CreateTenantWithKeyAsync();
        using var api = portal.ApiClient(key);
        using var sandbox = new HttpClient { BaseAddress = new Uri(portal.Address, "sandbox/") };

        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("phone")).StatusCode);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.Address };
        foreach (var path in new[] { "/sandbox", "/sandbox/" })
        {
            var opened = await noRedirects.GetAsync(path);
            Assert.Equal((HttpStatusCode.Redirect, "/sandbox/phone"), (opened.StatusCode, opened.Headers.Location?.OriginalString));
        }
        var created = await api.PostAsJsonAsync("/api/v1/instances", new { name = "try-me" });
        var instance = (await created.Content.ReadFromJsonAsync<InstancesApi.InstanceResponse>())!;
        (await api.PostAsync($"/api/v1/instances/{instance.Id}/start", null)).EnsureSuccessStatusCode();
        var code = await EngineBackedPortal.QrCodeAsync(api, instance.Id);
        Assert.Equal("image/png", await QrContentTypeAsync(api, instance.Id, "image/png", [0x89, (byte)'P', (byte)'N', (byte)'G']));
        Assert.Equal("image/svg+xml", await QrContentTypeAsync(api, instance.Id, "image/svg+xml", "<svg"u8.ToArray()));

        Assert.Equal(HttpStatusCode.Created, (await sandbox.PostAsJsonAsync("phones", new { number = "5511900000099", name = "Demo" })).StatusCode);
        (await sandbox.PostAsJsonAsync("phones/5511900000099/link", new { code })).EnsureSuccessStatusCode();
        var connected = await EngineBackedPortal.StatusAsync(api, instance.Id, "connected");
        Assert.Equal("5511900000099@c.us", connected.WhatsAppId);
    }

    private static async Task<string?> QrContentTypeAsync(HttpClient api, Guid instanceId, string accept, byte[] startsWith)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/instances/{instanceId}/qr");
        request.Headers.Accept.ParseAdd(accept);
        using var response = await api.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.True(bytes.AsSpan().StartsWith(startsWith) || text.Contains(System.Text.Encoding.UTF8.GetString(startsWith)), $"{accept} body starts {text[..Math.Min(40, text.Length)]}");
        return response.Content.Headers.ContentType?.MediaType;
    }
}
