using System.Security.Cryptography;

namespace WhatsPortal.Benchmarks;

/// <summary>
/// The app (WhatsPortal.Web) as its own process: SQLite in a fresh data directory, its engine driving the simulator's
/// page, and an operator key to provision a tenant with. Pacing and rate limits are off: the figures are what the
/// engine can carry, not the pace it imposes on purpose or what one tenant may ask.
/// </summary>
internal static class AppUnderTest
{
    public sealed record Running(ChildProcess Process, PortalApi Api, string DataDirectory) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }

    public static async Task<Running> StartAsync(string workDirectory, string chromium, Uri webPage, IDictionary<string, string>? settings = null)
    {
        var environment = Environment(workDirectory, chromium, webPage, settings);
        var process = await StartProcessAsync(BuildOutput.Assembly("WhatsPortal.Web"), environment, Path.Combine(workDirectory, "app.log"));
        try
        {
            return new Running(process, await PortalApi.ForNewTenantAsync(process.BaseAddress, environment["Admin__ApiKey"]), environment["Storage__DataDirectory"]);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The app's settings: SQLite in <c>&lt;work&gt;/data</c>, a fresh operator key and password, pacing and rate
    /// limits off; <paramref name="settings"/> go over them (a node of a cluster gives its database and Cluster:*).
    /// </summary>
    public static Dictionary<string, string> Environment(string workDirectory, string chromium, Uri webPage, IDictionary<string, string>? settings = null)
    {
        var dataDirectory = Path.Combine(workDirectory, "data");
        var operatorKey = OperatorKey();
        var environment = new Dictionary<string, string>
        {
            ["Storage__DataDirectory"] = dataDirectory,
            ["Database__Provider"] = "Sqlite",
            ["Admin__ApiKey"] = operatorKey,
            ["Admin__Password"] = $"Bench-{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}-aA1",
            ["Sandbox__Enabled"] = "false",
            ["Engine__ChromiumPath"] = chromium,
            ["Engine__WhatsAppWebUrl"] = webPage.ToString(),
            ["Engine__DefaultSendIntervalMs"] = "0",
            ["Engine__DefaultSendJitterMs"] = "0",
            ["RateLimits__RequestsPerMinute"] = "1000000",
            ["RateLimits__MessagesPerMinutePerInstance"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        return environment;
    }

    /// <summary>The app of <paramref name="assembly"/> (this build's, or a baseline's) on <paramref name="environment"/>, once it answers /health.</summary>
    public static async Task<ChildProcess> StartProcessAsync(string assembly, IDictionary<string, string> environment, string logPath, bool ownProcessGroup = false)
    {
        var process = ChildProcess.Start(assembly, environment, logPath, ownProcessGroup);
        try
        {
            await process.WaitReadyAsync("health", TimeSpan.FromSeconds(180));
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>A key in the format the app accepts (wpk_ and 43 base64url characters); it refuses any other.</summary>
    public static string OperatorKey() => "wpk_" + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The simulator as its own process, its logs quiet.</summary>
    public static async Task<(ChildProcess Process, SandboxApi Api)> StartSimulatorAsync(string workDirectory)
    {
        var simulator = ChildProcess.Start(BuildOutput.Assembly("WhatsPortal.Simulator"),
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, Path.Combine(workDirectory, "simulator.log"));
        await simulator.WaitReadyAsync("sandbox/stats", TimeSpan.FromSeconds(60));
        return (simulator, new SandboxApi(simulator.BaseAddress));
    }
}
