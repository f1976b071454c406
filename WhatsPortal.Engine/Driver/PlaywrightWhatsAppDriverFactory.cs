using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace WhatsPortal.Engine.Driver;

/// <summary>
/// Launches one headless Chromium per instance with a persistent profile. Shares one Playwright driver
/// process across all instances.
/// </summary>
internal sealed class PlaywrightWhatsAppDriverFactory(
    ChromiumLocator chromium,
    EnginePaths paths,
    IOptions<EngineOptions> options,
    ILoggerFactory loggerFactory) : IWhatsAppDriverFactory, IAsyncDisposable
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

    private readonly SemaphoreSlim _startLock = new(1, 1);
    private IPlaywright? _playwright;

    public async Task<IWhatsAppDriver> LaunchAsync(Guid instanceId, Action<DriverEvent> onEvent, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // First, so a missing Chromium is reported before anything else starts.
        var executable = chromium.ExecutablePath;
        var playwright = await GetPlaywrightAsync(cancellationToken);
        var profile = paths.ProfileDirectory(instanceId);
        Directory.CreateDirectory(profile);

        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ChromiumArgs,
            UserAgent = chromium.UserAgent,
            Timeout = (float)settings.PageReadyTimeout.TotalMilliseconds,
        });
        try
        {
            var driver = new PlaywrightWhatsAppDriver(context, onEvent, loggerFactory.CreateLogger<PlaywrightWhatsAppDriver>());
            await driver.OpenAsync(settings, WaJsBundlePath, chromium.UserAgent, cancellationToken);
            return driver;
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    internal static string WaJsBundlePath => Path.Combine(AppContext.BaseDirectory, "wa-js", "wppconnect-wa.js");

    private async Task<IPlaywright> GetPlaywrightAsync(CancellationToken cancellationToken)
    {
        if (_playwright is { } ready) return ready;
        await _startLock.WaitAsync(cancellationToken);
        try
        {
            return _playwright ??= await Playwright.CreateAsync();
        }
        finally
        {
            _startLock.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _playwright?.Dispose();
        _playwright = null;
        return ValueTask.CompletedTask;
    }
}
