using Microsoft.Playwright;
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

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true, Args = PlaywrightWhatsAppDriverFactory.ChromiumArgs });
}
