using System.Diagnostics;
using PuppeteerSharp;

namespace WhatsPortal.Benchmarks;

/// <summary>
/// The baseline: the same Chromium with the same arguments as the engine's, one PuppeteerSharp browser per page (the
/// library the engine drives Chromium with, so the ratio measures our own code), opening the simulator's page and
/// linked to a phone the same way, with no engine (no app, database or bridge script).
/// </summary>
internal sealed class PlainChromiumPages(string chromium, string[] arguments, Uri webPage, string directory) : IAsyncDisposable
{
    private const string Ready = "() => window.WPP?.isReady === true";
    private readonly List<IBrowser?> _browsers = [];
    private readonly List<IPage?> _pages = [];

    /// <summary>One page alone, from launch until WPP hands out a QR code, then closed.</summary>
    public async Task<TimeSpan> AloneToQrAsync()
    {
        var clock = Stopwatch.StartNew();
        var browser = await LaunchAsync(Path.Combine(directory, "plain-alone"));
        await FirstQrAsync(await OpenPageAsync(browser), clock);
        var elapsed = clock.Elapsed;
        await browser.CloseAsync();
        return elapsed;
    }

    /// <summary>Opens <paramref name="count"/> pages at once; each one's time from launch until WPP hands out a QR code.</summary>
    public async Task<IReadOnlyList<(TimeSpan Elapsed, string Code)>> LaunchToQrAsync(int count)
    {
        _browsers.AddRange(new IBrowser?[count]);
        _pages.AddRange(new IPage?[count]);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var clock = Stopwatch.StartNew();
            var code = await FirstQrAsync(await OpenAsync(i), clock);
            return (clock.Elapsed, code);
        }));
    }

    public async Task LinkAsync(SandboxApi sandbox, IReadOnlyList<string> codes, IReadOnlyList<string> phones)
    {
        for (var i = 0; i < codes.Count; i++)
        {
            await sandbox.CreatePhoneAsync(phones[i], $"Plain page {i}");
            await sandbox.LinkAsync(phones[i], codes[i]);
        }
        await Task.WhenAll(Enumerable.Range(0, codes.Count).Select(i => WaitMainReadyAsync(_pages[i]!)));
    }

    /// <summary>The Chromium processes below this benchmark: everything this baseline started (PuppeteerSharp runs in this process).</summary>
    public MemoryUse Memory(int benchmarkPid, int simulatorPid) => ProcessTree.Memory(Processes(benchmarkPid, simulatorPid));

    public TimeSpan CpuTime(int benchmarkPid, int simulatorPid) => ProcessTree.CpuTime(Processes(benchmarkPid, simulatorPid));

    private static IEnumerable<int> Processes(int benchmarkPid, int simulatorPid)
    {
        var simulator = ProcessTree.Of(simulatorPid).ToHashSet();
        return ProcessTree.Of(benchmarkPid).Where(pid => pid != benchmarkPid && !simulator.Contains(pid));
    }

    /// <summary>Sends straight through WPP in the page: what the pages and the simulator carry with nothing in between.</summary>
    public Task SendAsync(int page, string to, string text) =>
        _pages[page]!.EvaluateFunctionAsync("(to, text) => WPP.chat.sendTextMessage(to, text).then(() => null)", to + "@c.us", text);

    /// <summary>Kills one page's Chromium and times a relaunch on the same profile until WPP is main-ready again.</summary>
    public async Task<TimeSpan> KillBrowserAndRelaunchAsync(int index)
    {
        var closed = new TaskCompletionSource();
        _browsers[index]!.Disconnected += (_, _) => closed.TrySetResult();
        if (ChromiumKiller.Kill(ProfileOf(index)) == 0) throw new InvalidOperationException($"Plain page {index} has no Chromium to kill.");
        var clock = Stopwatch.StartNew();
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitMainReadyAsync(await OpenAsync(index));
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var browser in _browsers)
        {
            if (browser is null) continue;
            try
            {
                await browser.CloseAsync();
            }
            catch (PuppeteerException)
            {
                // Already gone.
            }
        }
    }

    private async Task<IPage> OpenAsync(int index)
    {
        var browser = await LaunchAsync(ProfileOf(index));
        _browsers[index] = browser;
        var page = await OpenPageAsync(browser);
        _pages[index] = page;
        return page;
    }

    /// <summary>
    /// Exactly the engine's arguments (PuppeteerSharp's own defaults are left out, as they are already among them), over
    /// a pipe as the engine talks to its Chromium.
    /// </summary>
    private Task<IBrowser> LaunchAsync(string profile) =>
        Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = chromium,
            IgnoreDefaultArgs = true,
            Pipe = true,
            Args = [.. arguments, "--remote-debugging-pipe", $"--user-data-dir={profile}"],
            // The engine's page size.
            DefaultViewport = new ViewPortOptions { Width = 1280, Height = 720 },
            // Ten launches at once on a shared 2-core machine can take longer than PuppeteerSharp's default 30 s.
            Timeout = 180_000,
            // As the engine launches its browsers: no network events reported.
            NetworkEnabled = false,
        });

    private async Task<IPage> OpenPageAsync(IBrowser browser)
    {
        var page = (await browser.PagesAsync()).FirstOrDefault() ?? await browser.NewPageAsync();
        await page.GoToAsync(webPage.ToString(), new NavigationOptions { WaitUntil = [WaitUntilNavigation.DOMContentLoaded] });
        await page.WaitForFunctionAsync(Ready, new WaitForFunctionOptions { PollingInterval = 100, Timeout = 90_000 });
        return page;
    }

    private static async Task<string> FirstQrAsync(IPage page, Stopwatch clock)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (await page.EvaluateFunctionAsync<string?>("async () => (await WPP.conn.getAuthCode())?.fullCode ?? null") is { } code) return code;
            await Task.Delay(100);
        }
        throw new TimeoutException("A plain page showed no QR within 90 s.");
    }

    private static Task WaitMainReadyAsync(IPage page) =>
        page.WaitForFunctionAsync("() => WPP.conn.isMainReady()", new WaitForFunctionOptions { PollingInterval = 100, Timeout = 120_000 });

    private string ProfileOf(int index) => Path.Combine(directory, $"plain-{index:00}");
}
