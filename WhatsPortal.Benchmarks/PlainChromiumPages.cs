using System.Diagnostics;
using Microsoft.Playwright;

namespace WhatsPortal.Benchmarks;

/// <summary>
/// The baseline: the same Chromium with the same arguments as the engine's, one Playwright persistent context per page,
/// opening the simulator's page and linked to a phone the same way, with no engine (no app, database or bridge script).
/// </summary>
internal sealed class PlainChromiumPages(string chromium, string[] arguments, Uri webPage, string directory) : IAsyncDisposable
{
    private const string Ready = "() => window.WPP?.isReady === true";
    private readonly List<IBrowserContext?> _contexts = [];
    private IPlaywright? _playwright;

    /// <summary>
    /// One page alone, from launch until WPP hands out a QR code, then closed. Being first, its clock includes starting
    /// Playwright's driver, as the engine's first launch after boot does.
    /// </summary>
    public async Task<TimeSpan> AloneToQrAsync()
    {
        var clock = Stopwatch.StartNew();
        _playwright = await Playwright.CreateAsync();
        var context = await LaunchAsync(Path.Combine(directory, "plain-alone"));
        await FirstQrAsync(await OpenPageAsync(context), clock);
        var elapsed = clock.Elapsed;
        await context.CloseAsync();
        return elapsed;
    }

    /// <summary>Opens <paramref name="count"/> pages at once; each one's time from launch until WPP hands out a QR code.</summary>
    public async Task<IReadOnlyList<(TimeSpan Elapsed, string Code)>> LaunchToQrAsync(int count)
    {
        _contexts.AddRange(new IBrowserContext?[count]);
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
        await Task.WhenAll(Enumerable.Range(0, codes.Count).Select(i => WaitMainReadyAsync(Page(i))));
    }

    /// <summary>Playwright's driver and the Chromium processes below it: everything this baseline started.</summary>
    public MemoryUse Memory(int benchmarkPid, int simulatorPid) => ProcessTree.Memory(Processes(benchmarkPid, simulatorPid));

    public TimeSpan CpuTime(int benchmarkPid, int simulatorPid) => ProcessTree.CpuTime(Processes(benchmarkPid, simulatorPid));

    private static IEnumerable<int> Processes(int benchmarkPid, int simulatorPid)
    {
        var simulator = ProcessTree.Of(simulatorPid).ToHashSet();
        return ProcessTree.Of(benchmarkPid).Where(pid => pid != benchmarkPid && !simulator.Contains(pid));
    }

    /// <summary>Sends straight through WPP in the page: what the pages and the simulator carry with nothing in between.</summary>
    public Task SendAsync(int page, string to, string text) =>
        Page(page).EvaluateAsync("([to, text]) => WPP.chat.sendTextMessage(to, text)", new object[] { to + "@c.us", text });

    /// <summary>Kills one page's Chromium and times a relaunch on the same profile until WPP is main-ready again.</summary>
    public async Task<TimeSpan> KillBrowserAndRelaunchAsync(int index)
    {
        if (ChromiumKiller.Kill(ProfileOf(index)) == 0) throw new InvalidOperationException($"Plain page {index} has no Chromium to kill.");
        var clock = Stopwatch.StartNew();
        await WaitClosedAsync(_contexts[index]!);
        await WaitMainReadyAsync(await OpenAsync(index));
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            if (context is null) continue;
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // Already gone.
            }
        }
        _playwright?.Dispose();
    }

    private async Task<IPage> OpenAsync(int index)
    {
        var context = await LaunchAsync(ProfileOf(index));
        _contexts[index] = context;
        return await OpenPageAsync(context);
    }

    private Task<IBrowserContext> LaunchAsync(string profile) =>
        _playwright!.Chromium.LaunchPersistentContextAsync(profile, new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = arguments,
        });

    private async Task<IPage> OpenPageAsync(IBrowserContext context)
    {
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        await page.GotoAsync(webPage.ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.WaitForFunctionAsync(Ready, null, new() { PollingInterval = 100, Timeout = 90_000 });
        return page;
    }

    private static async Task<string> FirstQrAsync(IPage page, Stopwatch clock)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (await page.EvaluateAsync<string?>("async () => (await WPP.conn.getAuthCode())?.fullCode ?? null") is { } code) return code;
            await Task.Delay(100);
        }
        throw new TimeoutException("A plain page showed no QR within 90 s.");
    }

    private static Task WaitMainReadyAsync(IPage page) =>
        page.WaitForFunctionAsync("() => WPP.conn.isMainReady()", null, new() { PollingInterval = 100, Timeout = 120_000 });

    private static async Task WaitClosedAsync(IBrowserContext context)
    {
        var closed = new TaskCompletionSource();
        context.Close += (_, _) => closed.TrySetResult();
        if (context.Pages.FirstOrDefault() is not { } page) return;
        try
        {
            await page.EvaluateAsync("1");
        }
        catch (PlaywrightException)
        {
            return;
        }
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private IPage Page(int index) => _contexts[index]!.Pages[0];

    private string ProfileOf(int index) => Path.Combine(directory, $"plain-{index:00}");
}
