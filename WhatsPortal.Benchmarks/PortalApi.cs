using System.Net;
using System.Net.Http.Json;

namespace WhatsPortal.Benchmarks;

/// <summary>The app's REST API as an integrator calls it.</summary>
internal sealed class PortalApi(HttpClient http)
{
    /// <param name="Node">The cluster node running it (issue 16), null while none does.</param>
    public sealed record Instance(Guid Id, string Name, string Status, string? Node = null);

    public sealed record Qr(string Code);

    public sealed record Queued(Guid Id, string Status);

    private sealed record Tenant(Guid Id);

    private sealed record IssuedKey(string Key);

    /// <summary>Provisions a tenant and a key with every scope through the operator's API, and returns a client for it.</summary>
    public static async Task<PortalApi> ForNewTenantAsync(Uri app, string operatorKey)
    {
        using var admin = new HttpClient { BaseAddress = app };
        admin.DefaultRequestHeaders.Add("X-Api-Key", operatorKey);
        var tenant = await ReadAsync<Tenant>(await admin.PostAsJsonAsync("api/v1/admin/tenants", new { name = "bench" }));
        var key = await ReadAsync<IssuedKey>(await admin.PostAsJsonAsync($"api/v1/admin/tenants/{tenant.Id}/api-keys",
            new { name = "bench", scopes = new[] { "read", "send", "manage" } }));
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = app, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        return new PortalApi(http);
    }

    /// <summary>The same tenant through another node of a cluster: any node answers any request.</summary>
    public PortalApi Via(Uri node)
    {
        var other = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = node, Timeout = http.Timeout };
        other.DefaultRequestHeaders.Add("X-Api-Key", http.DefaultRequestHeaders.GetValues("X-Api-Key"));
        return new PortalApi(other);
    }

    public async Task<Instance> CreateAsync(string name) =>
        await ReadAsync<Instance>(await http.PostAsJsonAsync("api/v1/instances", new { name }));

    public async Task StartAsync(Guid id) => (await http.PostAsync($"api/v1/instances/{id}/start", null)).EnsureSuccessStatusCode();

    public async Task StopAsync(Guid id) => (await http.PostAsync($"api/v1/instances/{id}/stop", null)).EnsureSuccessStatusCode();

    public async Task<Instance> GetAsync(Guid id) => (await http.GetFromJsonAsync<Instance>($"api/v1/instances/{id}"))!;

    /// <summary>The QR text, or null while the instance shows none yet (409).</summary>
    public async Task<string?> QrAsync(Guid id)
    {
        using var response = await http.GetAsync($"api/v1/instances/{id}/qr");
        if (response.StatusCode == HttpStatusCode.Conflict) return null;
        return (await ReadAsync<Qr>(response)).Code;
    }

    public async Task<Queued> SendAsync(Guid id, string to, string text) =>
        await ReadAsync<Queued>(await http.PostAsJsonAsync($"api/v1/instances/{id}/messages", new { to, text }));

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<T>())!;
        }
    }
}
