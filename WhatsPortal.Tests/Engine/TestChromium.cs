using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Driver;

namespace WhatsPortal.Tests.Engine;

/// <summary>The system Chromium for tests. Missing Chromium fails the test with the fix; it never skips.</summary>
internal static class TestChromium
{
    public static string ExecutablePath
    {
        get
        {
            try
            {
                return ChromiumLocator.Find(Environment.GetEnvironmentVariable("Engine__ChromiumPath"));
            }
            catch (ChromiumNotFoundException ex)
            {
                Assert.Fail($"These tests need a real Chromium: run `apt-get install chromium-headless-shell` (or set Engine__ChromiumPath / CHROMIUM_PATH). {ex.Message}");
                throw;
            }
        }
    }

    /// <summary>A browser as the portal's users have one, driven by Playwright (the portal's browser tests).</summary>
    public static Task<Microsoft.Playwright.IBrowser> LaunchAsync(Microsoft.Playwright.IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true, Args = PuppeteerWhatsAppDriverFactory.ChromiumArgs });

    /// <summary>Chromium on <paramref name="profile"/> exactly as the engine launches it.</summary>
    /// <param name="monitorNetwork">On for a test that answers the page's requests itself (<see cref="ServeAsync"/>).</param>
    public static Task<PuppeteerSharp.IBrowser> LaunchEngineBrowserAsync(string profile, EngineOptions? options = null, bool monitorNetwork = false)
    {
        options ??= new EngineOptions { ChromiumPath = ExecutablePath };
        options.ChromiumPath ??= ExecutablePath;
        return PuppeteerWhatsAppDriverFactory.LaunchBrowserAsync(profile, new ChromiumLocator(Options.Create(options)), options, NullLoggerFactory.Instance, monitorNetwork);
    }

    /// <summary>Answers every request under <paramref name="urlPrefix"/> with <paramref name="html"/> (the address is never reached).</summary>
    public static async Task ServeAsync(PuppeteerSharp.IPage page, string urlPrefix, string html, Action<PuppeteerSharp.IRequest>? onRequest = null)
    {
        await page.SetRequestInterceptionAsync(true);
        page.Request += async (_, e) =>
        {
            if (!e.Request.Url.StartsWith(urlPrefix, StringComparison.Ordinal))
            {
                await e.Request.ContinueAsync();
                return;
            }
            onRequest?.Invoke(e.Request);
            await e.Request.RespondAsync(new PuppeteerSharp.ResponseData { ContentType = "text/html", Body = html });
        };
    }
}
