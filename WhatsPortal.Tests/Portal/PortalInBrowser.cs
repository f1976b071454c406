using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using WhatsPortal.Tests.EndToEnd;
using WhatsPortal.Tests.Engine;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Portal;

/// <summary>
/// The whole app on a real socket, its engine in real Chromium against the simulator, and a second real Chromium
/// (through Playwright) as the person using the portal. The app can be stopped and started again over the same data
/// directory on the same port, as an operator restarts it, while the browser's pages stay open.
/// </summary>
public sealed class PortalInBrowser : IAsyncDisposable
{
    private PortalInBrowser(SimulatorServer simulator, TestDirectory data, int port, IPlaywright playwright, IBrowser browser)
    {
        Simulator = simulator;
        _data = data;
        _port = port;
        _playwright = playwright;
        Browser = browser;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Portal = StartPortal(simulator, data, port);
    }

    private readonly TestDirectory _data;
    private readonly int _port;
    private readonly IPlaywright _playwright;
    private readonly HashSet<IPage> _watched = [];

    private readonly List<string> _cspViolations = [];

    /// <summary>What Chromium refused to load or run because of the portal's Content-Security-Policy, on any page opened so far.</summary>
    public IReadOnlyList<string> CspViolations { get { lock (_cspViolations) return _cspViolations.ToList(); } }

    public SimulatorServer Simulator { get; }

    /// <summary>The running app; null between <see cref="StopPortalAsync"/> and <see cref="StartPortalAgain"/>.</summary>
    public EngineBackedPortal Portal { get; private set; }
    public IBrowser Browser { get; }
    public Uri BaseAddress { get; }

    public static async Task<PortalInBrowser> StartAsync()
    {
        _ = TestChromium.ExecutablePath; // fails the test with the fix when Chromium is missing
        // A click's round trip over the circuit can take seconds on a loaded machine; Playwright's 5 s default is for idle ones.
        Assertions.SetDefaultExpectTimeout(60_000);
        var simulator = await SimulatorServer.StartAsync();
        var playwright = await Playwright.CreateAsync();
        var browser = await TestChromium.LaunchAsync(playwright);
        return new PortalInBrowser(simulator, new TestDirectory(), FreePort(), playwright, browser);
    }

    private static EngineBackedPortal StartPortal(SimulatorServer simulator, TestDirectory data, int port)
    {
        var portal = new EngineBackedPortal(simulator, data.Path);
        portal.UseKestrel(port);
        portal.StartServer();
        return portal;
    }

    /// <summary>Shuts the app down as its service manager would; every open circuit loses its server.</summary>
    public async Task StopPortalAsync()
    {
        await Portal.DisposeAsync();
        Portal = null!;
    }

    /// <summary>A new run of the app over the same data (database, data-protection keys) on the same address.</summary>
    public void StartPortalAgain() => Portal = StartPortal(Simulator, _data, _port);

    /// <summary>A fresh browser profile (its own cookies), sized like a laptop unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 860)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, Locale = "en-US", TimezoneId = "America/Sao_Paulo" });
        context.SetDefaultTimeout(60_000);
        // Every page of the profile, tabs the test opens later from it included, is watched from its first request.
        context.Page += (_, page) => Watch(page);
        var page = await context.NewPageAsync();
        Watch(page);
        return page;
    }

    private void Watch(IPage page)
    {
        lock (_watched)
        {
            if (!_watched.Add(page)) return;
        }
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) lock (_cspViolations) _cspViolations.Add($"{page.Url}: {message.Text}");
        };
    }

    public static async Task LogInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("#login-submit");
        await ArrivedAtAsync(page, new System.Text.RegularExpressions.Regex("^https?://[^/]+/$"));
    }

    /// <summary>
    /// Waits until the page's circuit has rendered its layout into it. A prerendered page shows its buttons and fields
    /// before the circuit is up: a click on one does nothing, and what is typed into one is lost when the circuit's
    /// first render replaces it. The circuit renders more than one root (the head's too), so an acknowledged render
    /// batch is no proof that the page's own one has landed; the layout's mark is.
    /// </summary>
    public static Task InteractiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("[data-rendered-by=circuit]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });

    /// <summary>
    /// Waits until a form's post-and-redirect lands on <paramref name="url"/>. WaitForURLAsync also waits for the load
    /// event, and on a loaded machine it now and then missed one that had already fired (timing out with only
    /// "NetworkIdle event fired" in its log); the next steps' locators wait for what they need anyway.
    /// </summary>
    public static Task ArrivedAtAsync(IPage page, System.Text.RegularExpressions.Regex url) =>
        Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = 60_000 });

    /// <summary>The folder WHATSPORTAL_SCREENSHOTS names; the README's screenshots come from here.</summary>
    private static string? ScreenshotFolder => Environment.GetEnvironmentVariable("WHATSPORTAL_SCREENSHOTS") is { Length: > 0 } folder ? folder : null;

    public static bool TakesScreenshots => ScreenshotFolder is not null;

    /// <summary>
    /// The page as <c>{name}-light.png</c> and <c>{name}-dark.png</c>, left in the light theme. In the portal the app
    /// bar's toggle switches the user's theme over the circuit; the static account pages follow the browser's scheme.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (ScreenshotFolder is not { } folder) return;
        Directory.CreateDirectory(folder);
        var toggle = page.Locator("#theme-toggle");
        if (await toggle.CountAsync() == 0)
        {
            foreach (var (scheme, suffix) in new[] { (ColorScheme.Light, "light"), (ColorScheme.Dark, "dark") })
            {
                await page.EmulateMediaAsync(new() { ColorScheme = scheme });
                await ShootAsync(suffix);
            }
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
            return;
        }
        // The toggle is labelled with the theme a click switches to.
        if (await toggle.GetAttributeAsync("aria-label") == "Light theme") await SwitchThemeAsync("Dark theme");
        await ShootAsync("light");
        await SwitchThemeAsync("Light theme");
        await ShootAsync("dark");
        await SwitchThemeAsync("Dark theme");

        async Task SwitchThemeAsync(string labelAfter)
        {
            await toggle.ClickAsync();
            await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-label", labelAfter);
        }

        Task ShootAsync(string suffix) => page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{suffix}.png"), FullPage = false });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        if (Portal is not null) await Portal.DisposeAsync();
        await Simulator.DisposeAsync();
        _data.Dispose();
    }
}
