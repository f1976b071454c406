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
/// (through Playwright) as the person using the portal.
/// </summary>
public sealed class PortalInBrowser : IAsyncDisposable
{
    private PortalInBrowser(SimulatorServer simulator, TestDirectory data, EngineBackedPortal portal, IPlaywright playwright, IBrowser browser, Uri baseAddress)
    {
        Simulator = simulator;
        _data = data;
        Portal = portal;
        _playwright = playwright;
        Browser = browser;
        BaseAddress = baseAddress;
    }

    private readonly TestDirectory _data;
    private readonly IPlaywright _playwright;

    private readonly List<string> _cspViolations = [];

    /// <summary>What Chromium refused to load or run because of the portal's Content-Security-Policy, on any page opened so far.</summary>
    public IReadOnlyList<string> CspViolations { get { lock (_cspViolations) return _cspViolations.ToList(); } }

    public SimulatorServer Simulator { get; }
    public EngineBackedPortal Portal { get; }
    public IBrowser Browser { get; }
    public Uri BaseAddress { get; }

    public static async Task<PortalInBrowser> StartAsync()
    {
        _ = TestChromium.ExecutablePath; // fails the test with the fix when Chromium is missing
        var simulator = await SimulatorServer.StartAsync();
        var data = new TestDirectory();
        var portal = new EngineBackedPortal(simulator, data.Path);
        var port = FreePort();
        portal.UseKestrel(port);
        portal.StartServer();
        var playwright = await Playwright.CreateAsync();
        var browser = await TestChromium.LaunchAsync(playwright);
        return new PortalInBrowser(simulator, data, portal, playwright, browser, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>A fresh browser profile (its own cookies), sized like a laptop unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 860)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, Locale = "en-US", TimezoneId = "America/Sao_Paulo" });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) lock (_cspViolations) _cspViolations.Add($"{page.Url}: {message.Text}");
        };
        return page;
    }

    public static async Task LogInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("button[type=submit]");
        await ArrivedAtAsync(page, new System.Text.RegularExpressions.Regex("^https?://[^/]+/$"));
    }

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

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (ScreenshotFolder is not { } folder) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = false });
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
        await Portal.DisposeAsync();
        await Simulator.DisposeAsync();
        _data.Dispose();
    }
}
