using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Engine;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using static WhatsPortal.Tests.EndToEnd.AppKilledTests;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>
/// A scheduled message outlives the app process: scheduled through the API, the app killed with SIGKILL before its
/// time, and started again on the same data directory, it goes out at its time; one cancelled before the kill never does.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Category", "Process")]
public sealed class ScheduledMessagesTests
{
    private const string Business = "5511933330000";
    private const string Customer = "5511944441111";

    [Fact]
    public async Task A_scheduled_message_goes_out_after_the_app_was_killed_and_started_again_and_a_cancelled_one_never_does()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var work = new TestDirectory();
        var data = Path.Combine(work.Path, "data");
        var operatorKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var environment = AppProcess.Environment(data, operatorKey, simulator.WebPageUrl);
        environment["Engine__DefaultSendIntervalMs"] = "0";
        environment["Engine__DefaultSendJitterMs"] = "0";
        var log = Path.Combine(work.Path, "app.log");
        await simulator.CreatePhoneAsync(Business, "Clinic");
        await simulator.CreatePhoneAsync(Customer, "Ana");

        string apiKey;
        Guid instanceId, scheduled, cancelled;
        DateTime sendAt;
        await using (var first = await AppProcess.StartAsync(environment, log))
        {
            apiKey = await KeyOfNewTenantAsync(first.BaseAddress, operatorKey);
            using var api = Client(first.BaseAddress, apiKey);
            instanceId = (await ReadAsync(await api.PostAsJsonAsync("api/v1/instances", new { name = "reminders" }))).GetProperty("id").GetGuid();
            (await api.PostAsync($"api/v1/instances/{instanceId}/start", null)).EnsureSuccessStatusCode();
            string? code = null;
            await Eventually.TrueAsync(async () => (code = await QrAsync(api, instanceId)) is not null, $"the instance to show a QR (log: {log})", TimeSpan.FromSeconds(120));
            using (var linked = await simulator.LinkAsync(Business, code!))
                Assert.True(linked.IsSuccessStatusCode, $"Linking answered {(int)linked.StatusCode}");
            await WaitForStatusAsync(api, instanceId, "connected", log);

            // Far enough ahead that the kill comes first even on a busy machine (checked below, from the database).
            var now = DateTime.UtcNow;
            sendAt = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc).AddSeconds(30);
            scheduled = await ScheduleAsync(api, instanceId, "your appointment is tomorrow", sendAt);
            cancelled = await ScheduleAsync(api, instanceId, "cancelled before the kill", sendAt);
            Assert.Equal("cancelled", (await ReadAsync(await api.DeleteAsync($"api/v1/instances/{instanceId}/messages/{cancelled}"))).GetProperty("status").GetString());
            var listed = await ReadAsync(await api.GetAsync($"api/v1/instances/{instanceId}/messages?status=scheduled"));
            Assert.Equal([scheduled], listed.EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
            await first.KillAsync();
        }
        await using (var db = EngineHost.OpenDatabase(data))
            Assert.Equal(MessageStatus.Scheduled, (await db.Messages.SingleAsync(m => m.Id == scheduled)).Status);

        await using (var second = await AppProcess.StartAsync(environment, log))
        {
            using var api = Client(second.BaseAddress, apiKey);
            JsonElement message = default;
            await Eventually.TrueAsync(async () =>
            {
                message = await ReadAsync(await api.GetAsync($"api/v1/instances/{instanceId}/messages/{scheduled}"));
                return message.GetProperty("status").GetString() is "delivered" or "read";
            }, $"the scheduled message to be delivered after the restart (log: {log})", TimeSpan.FromSeconds(180));
            Assert.True(message.GetProperty("sentAt").GetDateTime() >= sendAt, "it went out at its time, not before");

            var onPhone = await simulator.MessagesAsync(Customer);
            Assert.Single(onPhone, m => m.GetProperty("text").GetString() == "your appointment is tomorrow");
            // Due at the same time as the one that arrived: had the cancel been lost, it would be there too.
            Assert.DoesNotContain(onPhone, m => m.GetProperty("text").GetString() == "cancelled before the kill");
            Assert.Equal("cancelled", (await ReadAsync(await api.GetAsync($"api/v1/instances/{instanceId}/messages/{cancelled}"))).GetProperty("status").GetString());
        }
        EngineHost.DeleteDataDirectory(data);
    }

    private static async Task<Guid> ScheduleAsync(HttpClient api, Guid instanceId, string text, DateTime sendAt)
    {
        var response = await api.PostAsJsonAsync($"api/v1/instances/{instanceId}/messages", new { to = Customer, text, sendAt });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await ReadAsync(response);
        Assert.Equal("scheduled", accepted.GetProperty("status").GetString());
        return accepted.GetProperty("id").GetGuid();
    }
}
