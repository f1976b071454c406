using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Engine;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>
/// A sandboxed portal stopped and started again on the same data directory (and address), as a person trying
/// WhatsPortal restarts it: its phones keep their linked devices and histories, as real phones do.
/// </summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SandboxRestartTests
{
    private const string Business = "5511900000071";
    private const string Customer = "5511988880071";

    [Fact]
    public async Task A_restarted_sandboxed_portal_comes_back_connected_without_a_QR_and_its_phones_remember_their_history()
    {
        using var data = new TestDirectory();
        var port = SandboxedPortal.FreePort();
        string key;
        Guid instanceId;
        await using (var first = new SandboxedPortal(data.Path, port))
        {
            (_, key) = await first.CreateTenantWithKeyAsync();
            using var api = first.ApiClient(key);
            using var sandbox = first.SandboxClient();
            instanceId = await LinkedInstanceAsync(api, sandbox);
            await CreatePhoneAsync(sandbox, Customer, "Ana");
            await SendAsync(api, instanceId, "before the restart");
        }
        Assert.True(File.Exists(Path.Combine(data.Path, "sandbox", "network.json")), "the sandbox keeps its network in the data directory");
        var mark = await LastEventIdAsync(data.Path);

        await using var second = new SandboxedPortal(data.Path, port);
        using var again = second.ApiClient(key);
        using var phones = second.SandboxClient();
        await EngineBackedPortal.StatusAsync(again, instanceId, "connected", TimeSpan.FromSeconds(120));
        var history = await phones.GetFromJsonAsync<JsonElement[]>($"phones/{Customer}/messages");
        Assert.Contains(history!, m => m.GetProperty("text").GetString() == "before the restart" && m.GetProperty("direction").GetString() == "received");

        await SendAsync(again, instanceId, "after the restart");
        (await phones.PostAsJsonAsync($"phones/{Customer}/messages", new { to = Business, text = "reply after the restart" })).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () =>
            (await again.GetFromJsonAsync<ChatsApi.MessageResponse[]>($"/api/v1/instances/{instanceId}/chats/{Customer}/messages"))!
                .Any(m => m.Direction == "inbound" && m.Text == "reply after the restart"),
            "the customer's reply to reach the restarted instance", TimeSpan.FromSeconds(60));

        Assert.DoesNotContain(InstanceStatus.Qr, await TransitionsAsync(data.Path, instanceId, mark));
        var phone = await phones.GetFromJsonAsync<JsonElement>($"phones/{Business}");
        Assert.Equal(1, phone.GetProperty("devices").GetArrayLength());
    }

    [Fact]
    public async Task Unlinking_all_devices_is_remembered_across_a_restart_so_the_instance_must_be_linked_again()
    {
        using var data = new TestDirectory();
        var port = SandboxedPortal.FreePort();
        string key;
        Guid instanceId;
        await using (var first = new SandboxedPortal(data.Path, port))
        {
            (_, key) = await first.CreateTenantWithKeyAsync();
            using var api = first.ApiClient(key);
            using var sandbox = first.SandboxClient();
            instanceId = await LinkedInstanceAsync(api, sandbox);
            // Stopped, its page keeps the device's credentials; only the phone can tell it they no longer count.
            (await api.PostAsync($"/api/v1/instances/{instanceId}/stop", null)).EnsureSuccessStatusCode();
            await EngineBackedPortal.StatusAsync(api, instanceId, "stopped");
            using var unlinked = await sandbox.PostAsync($"phones/{Business}/unlink-all", null);
            Assert.Equal(1, (await unlinked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unlinked").GetInt32());
        }
        var mark = await LastEventIdAsync(data.Path);

        await using var second = new SandboxedPortal(data.Path, port);
        using var again = second.ApiClient(key);
        using var phones = second.SandboxClient();
        Assert.Equal(0, (await phones.GetFromJsonAsync<JsonElement>($"phones/{Business}")).GetProperty("devices").GetArrayLength());
        (await again.PostAsync($"/api/v1/instances/{instanceId}/start", null)).EnsureSuccessStatusCode();
        // The page is told its device is unknown as soon as it says hello, before or after the engine listens: either
        // the engine hears the logout, or it finds the page already showing a new QR.
        await Eventually.TrueAsync(async () =>
            (await again.GetFromJsonAsync<InstancesApi.InstanceResponse>($"/api/v1/instances/{instanceId}"))!.Status is "logged_out" or "qr",
            "the instance to be logged out or show a QR", TimeSpan.FromSeconds(120));
        Assert.DoesNotContain(InstanceStatus.Connected, await TransitionsAsync(data.Path, instanceId, mark));
    }

    /// <summary>An instance created, started and linked to <see cref="Business"/> by its QR, as a person does on the phone page.</summary>
    private static async Task<Guid> LinkedInstanceAsync(HttpClient api, HttpClient sandbox)
    {
        var created = await api.PostAsJsonAsync("/api/v1/instances", new { name = "remembered" });
        var instance = (await created.Content.ReadFromJsonAsync<InstancesApi.InstanceResponse>())!;
        (await api.PostAsync($"/api/v1/instances/{instance.Id}/start", null)).EnsureSuccessStatusCode();
        var code = await EngineBackedPortal.QrCodeAsync(api, instance.Id);
        await CreatePhoneAsync(sandbox, Business, "Sales");
        (await sandbox.PostAsJsonAsync($"phones/{Business}/link", new { code })).EnsureSuccessStatusCode();
        await EngineBackedPortal.StatusAsync(api, instance.Id, "connected");
        return instance.Id;
    }

    private static async Task CreatePhoneAsync(HttpClient sandbox, string number, string name) =>
        Assert.Equal(HttpStatusCode.Created, (await sandbox.PostAsJsonAsync("phones", new { number, name })).StatusCode);

    private static async Task SendAsync(HttpClient api, Guid instanceId, string text)
    {
        var sent = await api.PostAsJsonAsync($"/api/v1/instances/{instanceId}/messages", new { to = Customer, text });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        await EngineBackedPortal.MessageStatusAsync(api, instanceId, (await sent.Content.ReadFromJsonAsync<MessagesApi.QueuedMessageResponse>())!.Id, "delivered");
    }

    private static async Task<long> LastEventIdAsync(string data)
    {
        await using var db = EngineHost.OpenDatabase(data);
        return await db.InstanceEvents.MaxAsync(e => e.Id);
    }

    private static async Task<List<InstanceStatus>> TransitionsAsync(string data, Guid instanceId, long afterEventId)
    {
        await using var db = EngineHost.OpenDatabase(data);
        return await db.InstanceEvents.Where(e => e.InstanceId == instanceId && e.Type == "status" && e.Id > afterEventId)
            .Select(e => e.ToStatus!.Value).ToListAsync();
    }
}
