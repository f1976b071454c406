using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Engine;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>
/// The app killed with SIGKILL while its instances are connected, then started again on the same data directory,
/// as an operator's crashed gateway is: no Chromium of the killed run may stay behind, and every instance comes back
/// connected from its profile, with no new QR.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Category", "Process")]
public sealed class AppKilledTests
{
    private const int Instances = 5;

    [Fact]
    public async Task After_kill_9_no_Chromium_of_the_old_run_remains_and_every_instance_reconnects_without_a_QR()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var work = new TestDirectory();
        var data = Path.Combine(work.Path, "data");
        var operatorKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var environment = AppProcess.Environment(data, operatorKey, simulator.WebPageUrl);
        environment["RateLimits__RequestsPerMinute"] = "1000000";
        var log = Path.Combine(work.Path, "app.log");
        var phones = Enumerable.Range(0, Instances).Select(i => $"55119{i:D4}0000").ToList();
        foreach (var phone in phones) await simulator.CreatePhoneAsync(phone, "Phone " + phone);

        List<Guid> instances;
        string apiKey;
        HashSet<(int Pid, string CommandLine)> oldRun;
        await using (var first = await AppProcess.StartAsync(environment, log))
        {
            apiKey = await KeyOfNewTenantAsync(first.BaseAddress, operatorKey);
            using var api = Client(first.BaseAddress, apiKey);
            instances = [];
            foreach (var phone in phones)
            {
                var created = await ReadAsync(await api.PostAsJsonAsync("api/v1/instances", new { name = "line " + phone }));
                var id = created.GetProperty("id").GetGuid();
                instances.Add(id);
                (await api.PostAsync($"api/v1/instances/{id}/start", null)).EnsureSuccessStatusCode();
            }
            foreach (var (id, phone) in instances.Zip(phones))
            {
                string? code = null;
                await Eventually.TrueAsync(async () => (code = await QrAsync(api, id)) is not null, $"instance {id} to show a QR (log: {log})", TimeSpan.FromSeconds(120));
                using var linked = await simulator.LinkAsync(phone, code!);
                Assert.True(linked.IsSuccessStatusCode, $"Linking answered {(int)linked.StatusCode}");
            }
            foreach (var id in instances) await WaitForStatusAsync(api, id, "connected", log);

            oldRun = ChromiumOf(data, instances);
            Assert.True(instances.All(id => ChromiumProcesses.Of(Profile(data, id)).Count > 0), "every instance should have its Chromium running");
            await first.KillAsync();

            // The pipe to each browser closed with the app: its Chromium exits without waiting for a restart.
            await Eventually.TrueAsync(() => Task.FromResult(StillRunning(oldRun).Count == 0),
                $"the killed run's Chromium to exit; still running: {string.Join(", ", StillRunning(oldRun))}", TimeSpan.FromSeconds(60));
        }
        long mark;
        await using (var db = EngineHost.OpenDatabase(data))
            mark = await db.InstanceEvents.MaxAsync(e => e.Id);

        await using (var second = await AppProcess.StartAsync(environment, log))
        {
            using var api = Client(second.BaseAddress, apiKey);
            foreach (var id in instances) await WaitForStatusAsync(api, id, "connected", log);

            await using (var db = EngineHost.OpenDatabase(data))
            {
                var qrs = await db.InstanceEvents.Where(e => e.Id > mark && e.Type == "status" && e.ToStatus == InstanceStatus.Qr).CountAsync();
                Assert.Equal(0, qrs);
            }
            Assert.Empty(StillRunning(oldRun));
            Assert.True(instances.All(id => ChromiumProcesses.Of(Profile(data, id)).Count > 0), "every instance should have its new Chromium running");
            oldRun = ChromiumOf(data, instances);
        }
        // A graceful stop closes every browser too.
        await Eventually.TrueAsync(() => Task.FromResult(StillRunning(oldRun).Count == 0), "the stopped app's Chromium to exit", TimeSpan.FromSeconds(60));
        EngineHost.DeleteDataDirectory(data);
    }

    private static string Profile(string data, Guid id) => Path.Combine(data, "profiles", id.ToString("N"));

    /// <summary>Every process of the instances' browsers: those naming the profile, and all they started (which do not name it).</summary>
    private static HashSet<(int, string)> ChromiumOf(string data, IEnumerable<Guid> instances) =>
        instances.SelectMany(id => ChromiumProcesses.Of(Profile(data, id)))
            .SelectMany(ChromiumProcesses.WithDescendants)
            .Select(pid => (pid, ChromiumProcesses.CommandLine(pid)))
            .Where(p => p.Item2 is not null)
            .Select(p => (p.pid, p.Item2!))
            .ToHashSet();

    /// <summary>The remembered processes still running: same pid and same command line, so a reused pid is not counted.</summary>
    private static List<int> StillRunning(IEnumerable<(int Pid, string CommandLine)> processes) =>
        processes.Where(p => ChromiumProcesses.CommandLine(p.Pid) == p.CommandLine).Select(p => p.Pid).ToList();

    /// <summary>A tenant and an API key with every scope, provisioned through the operator's API.</summary>
    internal static async Task<string> KeyOfNewTenantAsync(Uri app, string operatorKey)
    {
        using var admin = new HttpClient { BaseAddress = app };
        admin.DefaultRequestHeaders.Add("X-Api-Key", operatorKey);
        var tenant = await ReadAsync(await admin.PostAsJsonAsync("api/v1/admin/tenants", new { name = "tenant-" + Guid.NewGuid().ToString("N")[..8] }));
        var tenantId = tenant.GetProperty("id").GetGuid();
        var key = await ReadAsync(await admin.PostAsJsonAsync($"api/v1/admin/tenants/{tenantId}/api-keys",
            new { name = "test", scopes = new[] { "read", "send", "manage" } }));
        return key.GetProperty("key").GetString()!;
    }

    internal static HttpClient Client(Uri app, string apiKey)
    {
        var http = new HttpClient { BaseAddress = app, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }

    internal static async Task<string?> QrAsync(HttpClient api, Guid id)
    {
        using var response = await api.GetAsync($"api/v1/instances/{id}/qr");
        return response.StatusCode == HttpStatusCode.Conflict ? null : (await ReadAsync(response)).GetProperty("code").GetString();
    }

    internal static Task WaitForStatusAsync(HttpClient api, Guid id, string status, string log) =>
        Eventually.TrueAsync(async () => (await api.GetFromJsonAsync<JsonElement>($"api/v1/instances/{id}")).GetProperty("status").GetString() == status,
            $"instance {id} to be {status} (log: {log})", TimeSpan.FromSeconds(180));

    internal static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }
}
