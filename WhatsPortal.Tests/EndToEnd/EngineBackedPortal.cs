using System.Net.Http.Json;
using System.Text.Json;
using WhatsPortal.Tests.Engine;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>
/// The whole app with its engine driving real Chromium against a simulator on its own Kestrel socket. The
/// simulator lives outside the app, so the app can be restarted over the same data while the WhatsApp
/// network (and the linked device) stays, as it would in real life.
/// </summary>
public sealed class EngineBackedPortal(SimulatorServer simulator, string dataDirectory, IEnumerable<KeyValuePair<string, string?>>? extra = null)
    : PortalFactory(dataDirectory)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. extra ?? [],
        new("Engine:ChromiumPath", TestChromium.ExecutablePath),
        new("Engine:WhatsAppWebUrl", simulator.WebPageUrl),
        new("Engine:DefaultSendIntervalMs", "0"),
        new("Engine:DefaultSendJitterMs", "0"),
        new("Engine:HealthCheckInterval", "00:00:01"),
        new("Engine:HealthCheckTimeout", "00:00:05"),
        new("Engine:ReconnectMinDelay", "00:00:00.500"),
        new("Engine:ReconnectMaxDelay", "00:00:03"),
        new("Engine:QueuePollInterval", "00:00:01"),
    ];

    /// <summary>Creates an instance through the API, starts it, and links it to <paramref name="number"/> by its QR.</summary>
    public async Task<InstancesApi.InstanceResponse> CreateConnectedInstanceAsync(HttpClient api, string name, string number)
    {
        var created = await api.PostAsJsonAsync("/api/v1/instances", new { name });
        created.EnsureSuccessStatusCode();
        var instance = (await created.Content.ReadFromJsonAsync<InstancesApi.InstanceResponse>())!;
        (await api.PostAsync($"/api/v1/instances/{instance.Id}/start", null)).EnsureSuccessStatusCode();

        var code = await QrCodeAsync(api, instance.Id);
        await simulator.CreatePhoneAsync(number, name);
        using var linked = await simulator.LinkAsync(number, code);
        Assert.True(linked.IsSuccessStatusCode, await linked.Content.ReadAsStringAsync());
        return await StatusAsync(api, instance.Id, "connected");
    }

    public static async Task<string> QrCodeAsync(HttpClient api, Guid instanceId)
    {
        string? code = null;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await api.GetAsync($"/api/v1/instances/{instanceId}/qr");
            if (!response.IsSuccessStatusCode) return false;
            code = (await response.Content.ReadFromJsonAsync<InstanceLifecycleApi.QrResponse>())!.Code;
            return true;
        }, "the instance shows a QR", TimeSpan.FromSeconds(60));
        return code!;
    }

    public static async Task<InstancesApi.InstanceResponse> StatusAsync(HttpClient api, Guid instanceId, string status, TimeSpan? timeout = null)
    {
        InstancesApi.InstanceResponse? instance = null;
        await Eventually.TrueAsync(async () =>
        {
            instance = await api.GetFromJsonAsync<InstancesApi.InstanceResponse>($"/api/v1/instances/{instanceId}");
            return instance!.Status == status;
        }, $"instance {instanceId} reaches '{status}' (last seen '{instance?.Status}')", timeout ?? TimeSpan.FromSeconds(60));
        return instance!;
    }

    public static async Task<ChatsApi.MessageResponse> MessageStatusAsync(HttpClient api, Guid instanceId, Guid messageId, string status)
    {
        ChatsApi.MessageResponse? message = null;
        await Eventually.TrueAsync(async () =>
        {
            message = await api.GetFromJsonAsync<ChatsApi.MessageResponse>($"/api/v1/instances/{instanceId}/messages/{messageId}");
            return message!.Status == status;
        }, $"message {messageId} reaches '{status}' (last seen '{message?.Status}', error '{message?.Error}')", TimeSpan.FromSeconds(60));
        return message!;
    }

    public static async Task<JsonElement> PhoneMessageAsync(SimulatorServer simulator, string phone, Func<JsonElement, bool> match, string because)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            var messages = await simulator.MessagesAsync(phone);
            var hit = messages.Where(match).ToArray();
            if (hit.Length == 0) return false;
            found = hit[0];
            return true;
        }, because, TimeSpan.FromSeconds(60));
        return found;
    }
}
