using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WhatsPortal.Simulator;
using WhatsPortal.Tests.EndToEnd;

namespace WhatsPortal.Tests.Simulator;

/// <summary>
/// The simulator hosted the way another app hosts it (AddWhatsAppSimulator + MapWhatsAppSimulator) on a real
/// Kestrel socket on a random port, or run standalone as its own process (<see cref="StartProcessAsync"/>), plus a
/// client for its control API.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication? _app;
    private readonly AppProcess? _process;

    private SimulatorServer(WebApplication? app, AppProcess? process, Uri baseAddress, string prefix)
    {
        _app = app;
        _process = process;
        BaseAddress = baseAddress;
        SimulatorAddress = new Uri(baseAddress, prefix.Trim('/') + "/");
        Api = new HttpClient { BaseAddress = SimulatorAddress };
    }

    public Uri BaseAddress { get; }

    /// <summary>Where the simulator is mapped, e.g. http://127.0.0.1:port/sandbox/.</summary>
    public Uri SimulatorAddress { get; }
    public HttpClient Api { get; }
    public string WebPageUrl => new Uri(SimulatorAddress, "web/").ToString();

    /// <summary>What the simulator logged, when started in-process with <c>captureLogs</c>.</summary>
    public FakeLogCollector Logs => (_app ?? throw new InvalidOperationException("A simulator process keeps its logs in its log file.")).Services.GetRequiredService<FakeLogCollector>();

    /// <summary>Where a simulator process writes its output (null in-process).</summary>
    public string? LogPath => _process?.LogPath;

    /// <summary>Starts a server; <paramref name="settings"/> go through configuration, so the options binding is exercised too.</summary>
    /// <param name="clock">The clock its QR refs expire on (the system clock when null).</param>
    /// <param name="captureLogs">Keep what it logs in <see cref="Logs"/>.</param>
    public static async Task<SimulatorServer> StartAsync(IDictionary<string, string?>? settings = null, string prefix = "/sandbox", TimeProvider? clock = null, bool captureLogs = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.ClearProviders();
        if (captureLogs) builder.Logging.AddFakeLogging();
        if (clock is not null) builder.Services.AddSingleton(clock);
        builder.Services.AddWhatsAppSimulator();
        var app = builder.Build();
        app.MapWhatsAppSimulator(prefix);
        return await StartAsync(app, prefix);
    }

    /// <summary>Starts an app that already maps the simulator under <paramref name="prefix"/>, such as the standalone one.</summary>
    public static async Task<SimulatorServer> StartAsync(WebApplication app, string prefix)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new SimulatorServer(app, null, new Uri(address.TrimEnd('/') + "/"), prefix);
    }

    /// <summary>
    /// The standalone simulator (<c>dotnet WhatsPortal.Simulator.dll --urls … --data …</c>) as its own process, as the
    /// cluster tests need it: every node's Chromium opens its page, and nothing of it shares a process with a node.
    /// </summary>
    internal static async Task<SimulatorServer> StartProcessAsync(string dataDirectory, string logPath)
    {
        var process = await AppProcess.StartAsync(new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, logPath,
            "WhatsPortal.Simulator", ["--data", dataDirectory], "sandbox/stats");
        return new SimulatorServer(null, process, process.BaseAddress, "/sandbox");
    }

    /// <summary>Short QR timings for tests that wait for rotation or for the attempts to end.</summary>
    public static Dictionary<string, string?> FastQr(int refs = 3) => new()
    {
        ["Simulator:FirstQrRefSeconds"] = "1.5",
        ["Simulator:QrRefSeconds"] = "1",
        ["Simulator:QrRefCount"] = refs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async Task CreatePhoneAsync(string number, string name)
    {
        using var response = await Api.PostAsJsonAsync("phones", new { number, name });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Creates a phone that appears to others by its LID; returns that LID (…@lid).</summary>
    public async Task<string> CreateLidOnlyPhoneAsync(string number, string name)
    {
        using var response = await Api.PostAsJsonAsync("phones", new { number, name, lidOnly = true });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var lid = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lid").GetString()!;
        Assert.EndsWith("@lid", lid);
        return lid;
    }

    public Task<HttpResponseMessage> LinkAsync(string number, string code) =>
        Api.PostAsJsonAsync($"phones/{number}/link", new { code });

    /// <summary>The phone sends a text; returns the message id.</summary>
    public async Task<string> SendFromPhoneAsync(string number, string to, string text)
    {
        using var response = await Api.PostAsJsonAsync($"phones/{number}/messages", new { to, text });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task<JsonElement[]> MessagesAsync(string number) =>
        (await Api.GetFromJsonAsync<JsonElement[]>($"phones/{number}/messages"))!;

    public async Task<JsonElement> GetJsonAsync(string path) => await Api.GetFromJsonAsync<JsonElement>(path);

    public async Task PostAsync(string path, object? body = null)
    {
        using var response = await Api.PostAsJsonAsync(path, body ?? new { });
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (_process is not null) await _process.DisposeAsync();
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
