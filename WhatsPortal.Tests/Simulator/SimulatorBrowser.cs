using System.Text.Json;
using Microsoft.Playwright;
using WhatsPortal.Tests.Engine;

namespace WhatsPortal.Tests.Simulator;

/// <summary>
/// Real Chromium (Debian's, never a download) with a persistent profile, so IndexedDB survives reloads and
/// relaunches the way the engine's instance profiles do.
/// </summary>
public sealed class SimulatorBrowser : IAsyncDisposable
{
    /// <summary>The events of docs/wpp-contract.md; <see cref="RecordEventsAsync"/> records them in window.__events.</summary>
    public static readonly string[] EventNames =
    [
        "conn.auth_code_change", "conn.authenticated", "conn.main_ready", "conn.logout", "conn.logout_reason",
        "chat.new_message", "chat.msg_ack_change", "chat.msg_revoke",
    ];

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly IPlaywright _playwright;
    private readonly List<string> _profiles = [];

    private SimulatorBrowser(IPlaywright playwright) => _playwright = playwright;

    public IBrowserContext? Context { get; private set; }

    public static async Task<SimulatorBrowser> StartAsync() => new(await Playwright.CreateAsync());

    public string NewProfileDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "whatsportal-sim-" + Guid.NewGuid().ToString("N"));
        _profiles.Add(path);
        return path;
    }

    /// <summary>Launches (or relaunches) Chromium on a profile directory; closes the previous context first.</summary>
    public async Task<IBrowserContext> LaunchAsync(string profileDirectory)
    {
        if (Context is not null) await Context.CloseAsync();
        Context = await _playwright.Chromium.LaunchPersistentContextAsync(profileDirectory, new()
        {
            ExecutablePath = TestChromium.ExecutablePath,
            Headless = true,
            Args = ChromiumArgs,
        });
        return Context;
    }

    /// <summary>Opens the simulator's WhatsApp Web page in the current context and waits for WPP.isReady.</summary>
    public async Task<IPage> OpenWebPageAsync(SimulatorServer server)
    {
        var context = Context ?? throw new InvalidOperationException("Launch a context first.");
        var page = context.Pages.FirstOrDefault(p => p.Url == "about:blank") ?? await context.NewPageAsync();
        await page.GotoAsync(server.WebPageUrl);
        await page.WaitForFunctionAsync("() => window.WPP?.isReady === true");
        await RecordEventsAsync(page);
        return page;
    }

    /// <summary>Records every contract event as JSON in window.__events (after load: earlier events are missed).</summary>
    public static Task RecordEventsAsync(IPage page) => page.EvaluateAsync(
        """
        names => {
          window.__events = [];
          for (const name of names) {
            WPP.on(name, arg => window.__events.push({ name, arg: arg === undefined ? null : JSON.parse(JSON.stringify(arg)) }));
          }
        }
        """, EventNames);

    public static async Task<JsonElement[]> EventsAsync(IPage page, string name) =>
        (await page.EvaluateAsync<JsonElement>("name => window.__events.filter(e => e.name === name).map(e => e.arg)", name))
            .EnumerateArray().ToArray();

    /// <summary>Waits until an event was raised; returns its arguments so far.</summary>
    public static async Task<JsonElement[]> WaitForEventAsync(IPage page, string name, Func<JsonElement, bool>? match = null)
    {
        JsonElement[] found = [];
        await Eventually.TrueAsync(async () =>
        {
            found = await EventsAsync(page, name);
            return found.Any(match ?? (_ => true));
        }, $"the page should raise {name}");
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        if (Context is not null) await Context.CloseAsync();
        _playwright.Dispose();
        foreach (var profile in _profiles)
        {
            try { Directory.Delete(profile, recursive: true); }
            catch (IOException) { /* Chromium may still hold a file for a moment; the temp folder is cleaned anyway. */ }
        }
    }
}
