using System.Net;
using Microsoft.Playwright;

namespace WhatsPortal.Tests.Simulator;

/// <summary>Opens the simulator's page in a fresh profile and links it to a phone, as the engine's first QR scan would.</summary>
public static class LinkedPage
{
    public static async Task<IPage> OpenAsync(SimulatorServer server, SimulatorBrowser browser, string number, string? profile = null)
    {
        await browser.LaunchAsync(profile ?? browser.NewProfileDirectory());
        var page = await browser.OpenWebPageAsync(server);
        var code = await page.EvaluateAsync<string>("async () => (await WPP.conn.getAuthCode()).fullCode");
        using (var linked = await server.LinkAsync(number, code))
            Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        await SimulatorBrowser.WaitForEventAsync(page, "conn.main_ready");
        return page;
    }
}
