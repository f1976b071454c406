using System.Text.RegularExpressions;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using static Microsoft.Playwright.Assertions;

namespace WhatsPortal.Tests.Portal;

/// <summary>The circuit itself in a real browser: what a page does when its server goes away and comes back.</summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class CircuitInBrowserTests
{
    [Fact]
    public async Task A_page_whose_server_restarted_shows_the_reconnect_dialog_then_resumes_live_over_a_new_circuit()
    {
        await using var app = await PortalInBrowser.StartAsync();
        var page = await app.NewPageAsync();
        await PortalInBrowser.LogInAsync(page, PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        await page.GotoAsync("/admin/statistics");
        await PortalInBrowser.InteractiveAsync(page);
        var themeToggle = page.Locator("#theme-toggle");
        await Expect(themeToggle).ToHaveAttributeAsync("aria-label", "Dark theme");
        await themeToggle.ClickAsync();
        await Expect(themeToggle).ToHaveAttributeAsync("aria-label", "Light theme");
        var reconnectDialog = page.Locator("#components-reconnect-modal");
        await Expect(reconnectDialog).ToBeHiddenAsync();
        await page.EvaluateAsync("() => window.__beforeRestart = true");

        // The server goes away: the page says so instead of going silently dead.
        await app.StopPortalAsync();
        await Expect(reconnectDialog).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(reconnectDialog).ToContainTextAsync("Reconnecting");

        // A new run on the same address does not know the old circuit: the page reloads itself onto a new one,
        // on the same URL, with the same sign-in (the data-protection keys live in the data directory).
        app.StartPortalAgain();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return await page.EvaluateAsync<bool>("() => window.__beforeRestart === undefined");
            }
            catch (Microsoft.Playwright.PlaywrightException)
            {
                // Asked while the reload was replacing the document.
                return false;
            }
        }, "the page to reload once the restarted server rejected its circuit", TimeSpan.FromSeconds(120));
        await Expect(page).ToHaveURLAsync(new Regex("/admin/statistics$"));
        await PortalInBrowser.InteractiveAsync(page);
        await Expect(reconnectDialog).ToBeHiddenAsync();

        // Live again: the choice made before the restart was kept, and a click round-trips over the new circuit.
        await Expect(themeToggle).ToHaveAttributeAsync("aria-label", "Light theme");
        await themeToggle.ClickAsync();
        await Expect(themeToggle).ToHaveAttributeAsync("aria-label", "Dark theme");
        Assert.Empty(app.CspViolations);
    }
}
