using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Driver;

namespace WhatsPortal.Tests.Engine;

/// <summary>
/// web.whatsapp.com is out of reach here, so a stand-in page is served at its address: this proves the
/// engine injects wa-js before the page's own scripts run, and presents a desktop (not headless) browser.
/// </summary>
[Trait("Category", "Browser")]
public sealed class RealWhatsAppInjectionTests
{
    [Fact]
    public async Task Against_web_whatsapp_com_wa_js_is_there_before_the_page_scripts_and_the_browser_looks_like_desktop_Chrome()
    {
        var options = new EngineOptions { ChromiumPath = TestChromium.ExecutablePath, PageReadyTimeout = TimeSpan.FromSeconds(3) };
        Assert.True(options.InjectWaJs);
        Assert.False(new EngineOptions { WhatsAppWebUrl = "http://127.0.0.1:5000/sandbox/web/" }.InjectWaJs);
        var chromium = new ChromiumLocator(Options.Create(options));
        Assert.DoesNotContain("Headless", chromium.UserAgent);
        Assert.Matches(@"Chrome/\d+\.0\.0\.0 Safari", chromium.UserAgent);

        var profile = Path.Combine(Path.GetTempPath(), "whatsportal-inject-" + Guid.NewGuid().ToString("N"));
        var browser = await TestChromium.LaunchEngineBrowserAsync(profile, options, monitorNetwork: true);
        var page = (await browser.PagesAsync()).Single();
        string? clientHintHeader = null;
        await TestChromium.ServeAsync(page, "https://web.whatsapp.com/",
            "<html><head><script>window.__wppSeenByPage = typeof window.WPP; window.__ua = navigator.userAgent;" +
            "window.__brands = navigator.userAgentData.brands.map(b => b.brand).join();</script></head><body></body></html>",
            request => clientHintHeader = request.Headers.GetValueOrDefault("sec-ch-ua"));

        var driver = new PuppeteerWhatsAppDriver(browser, page, _ => { }, NullLogger.Instance);
        // Without WhatsApp's own webpack, wa-js never becomes ready: opening times out, but only after the page ran.
        await Assert.ThrowsAsync<TimeoutException>(() => driver.OpenAsync(options, PuppeteerWhatsAppDriverFactory.ReadWaJsBundle(), chromium.UserAgent, CancellationToken.None));

        Assert.Equal("object", await page.EvaluateFunctionAsync<string>("() => window.__wppSeenByPage"));
        Assert.Equal(chromium.UserAgent, await page.EvaluateFunctionAsync<string>("() => window.__ua"));
        // The client hints tell the same story as the user agent, in the page and on the wire.
        var brands = await page.EvaluateFunctionAsync<string>("() => window.__brands");
        Assert.Contains("Google Chrome", brands);
        Assert.DoesNotContain("Headless", brands);
        Assert.Contains("\"Google Chrome\"", clientHintHeader);
        Assert.DoesNotContain("Headless", clientHintHeader);
        Assert.False(await page.EvaluateFunctionAsync<bool>("() => window.WPP.isReady"));
        await driver.DisposeAsync();
        Directory.Delete(profile, recursive: true);
    }
}
