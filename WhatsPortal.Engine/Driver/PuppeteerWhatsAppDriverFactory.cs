using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PuppeteerSharp;

namespace WhatsPortal.Engine.Driver;

/// <summary>
/// Launches one headless Chromium per instance with a persistent profile, and talks CDP to it over a pipe from this
/// process: when this process ends, however it ends (even SIGKILL), the pipe closes and Chromium exits with it.
/// </summary>
internal sealed class PuppeteerWhatsAppDriverFactory(
    ChromiumLocator chromium,
    EnginePaths paths,
    IOptions<EngineOptions> options,
    ILoggerFactory loggerFactory) : IWhatsAppDriverFactory
{
    // What the architecture prescribes, then memory savers that leave WhatsApp Web working: no site isolation
    // (one renderer instead of one per frame origin), one renderer at most, no extensions or background features.
    internal static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
        "--disable-extensions", "--disable-default-apps", "--mute-audio", "--disable-dev-shm-usage",
        "--disable-site-isolation-trials", "--renderer-process-limit=1", "--disable-software-rasterizer",
        "--disable-features=site-per-process,IsolateOrigins,Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,BackForwardCache,InterestFeedContentSuggestions",
    ];

    // Read once: every page gets the same few megabytes of script.
    private readonly Lazy<string> _waJsBundle = new(ReadWaJsBundle);

    public async Task<IWhatsAppDriver> LaunchAsync(Guid instanceId, Action<DriverEvent> onEvent, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var profile = paths.ProfileDirectory(instanceId);
        Directory.CreateDirectory(profile);
        // A browser still on this profile (its close failed, or an earlier run left it) would hold it: end it first.
        var logger = loggerFactory.CreateLogger<PuppeteerWhatsAppDriverFactory>();
        ChromiumLeftovers.EndBrowsersUsing(profile, logger);
        ChromiumLeftovers.ClearStaleSingletonLock(profile, logger);

        var browser = await LaunchBrowserAsync(profile, chromium, settings, loggerFactory);
        try
        {
            var page = (await browser.PagesAsync()).FirstOrDefault() ?? await browser.NewPageAsync();
            var driver = new PuppeteerWhatsAppDriver(browser, page, onEvent, loggerFactory.CreateLogger<PuppeteerWhatsAppDriver>());
            await driver.OpenAsync(settings, settings.InjectWaJs ? _waJsBundle.Value : null, chromium.UserAgent, cancellationToken);
            return driver;
        }
        catch
        {
            await browser.CloseAsync();
            browser.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One launch at a time. PuppeteerSharp creates each browser's pipe with inheritable ends and closes its copy of the
    /// browser's ends only once that browser has started: a browser started in between inherits them and keeps them
    /// open for life. Its sibling's pipe then never ends, neither when the sibling is killed (the engine waits on it
    /// forever) nor when this process dies (the sibling outlives it).
    /// </summary>
    private static readonly SemaphoreSlim OneLaunchAtATime = new(1, 1);

    /// <summary>Chromium on <paramref name="profile"/> with the engine's arguments and identity (the tests launch it the same way).</summary>
    /// <param name="monitorNetwork">
    /// Off for the engine: PuppeteerSharp would otherwise report every request and every WebSocket frame of WhatsApp Web
    /// to this process, a few CDP events per message that nothing of the engine reads. Tests that answer a page's
    /// requests themselves (request interception) need it on.
    /// </param>
    internal static async Task<IBrowser> LaunchBrowserAsync(string profile, ChromiumLocator chromium, EngineOptions settings, ILoggerFactory loggerFactory,
        bool monitorNetwork = false)
    {
        // First, so a missing Chromium is reported before anything else starts.
        var executable = chromium.ExecutablePath;
        await OneLaunchAtATime.WaitAsync();
        try
        {
            return await StartChromiumAsync(profile, chromium, settings, loggerFactory, executable, monitorNetwork);
        }
        finally
        {
            OneLaunchAtATime.Release();
        }
    }

    private static Task<IBrowser> StartChromiumAsync(string profile, ChromiumLocator chromium, EngineOptions settings, ILoggerFactory loggerFactory,
        string executable, bool monitorNetwork) =>
        Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = executable,
            UserDataDir = profile,
            Headless = true,
            // The pipe ties Chromium's life to this process (see the summary); a WebSocket would not.
            Pipe = true,
            // The page's client hints are set over CDP (see the driver); this flag covers its workers' user agent too.
            Args = [.. ChromiumArgs, $"--user-agent={BashQuoted(chromium.UserAgent)}"],
            DefaultViewport = new ViewPortOptions { Width = 1280, Height = 720 },
            Timeout = (int)settings.PageReadyTimeout.TotalMilliseconds,
            NetworkEnabled = monitorNetwork,
        }, loggerFactory);

    /// <summary>With a pipe, PuppeteerSharp starts Chromium through a bash command line and does not quote the arguments.</summary>
    private static string BashQuoted(string value) => "'" + value.Replace("'", @"'\''") + "'";

    internal static string WaJsBundlePath => Path.Combine(AppContext.BaseDirectory, "wa-js", "wppconnect-wa.js");

    internal static string ReadWaJsBundle() =>
        File.Exists(WaJsBundlePath)
            ? File.ReadAllText(WaJsBundlePath)
            : throw new FileNotFoundException($"The wa-js bundle is missing at {WaJsBundlePath}; rebuild WhatsPortal.Engine (npm ci runs at build time).", WaJsBundlePath);
}
