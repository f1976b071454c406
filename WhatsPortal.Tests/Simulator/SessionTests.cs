using System.Text.Json;

namespace WhatsPortal.Tests.Simulator;

[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SessionTests
{
    private const string Instance = "5511911110000";
    private const string Customer = "5511988887777";

    private static async Task<SimulatorServer> ServerWithPhonesAsync()
    {
        var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        await server.CreatePhoneAsync(Customer, "Ana");
        return server;
    }

    [Fact]
    public async Task A_reload_reconnects_with_the_stored_credentials_without_a_qr()
    {
        await using var server = await ServerWithPhonesAsync();
        await using var browser = await SimulatorBrowser.StartAsync();
        var page = await LinkedPage.OpenAsync(server, browser, Instance);

        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => window.WPP?.isReady === true");

        await Eventually.TrueAsync(() => page.EvaluateAsync<bool>("() => WPP.conn.isMainReady()"), "the reloaded page is ready");
        Assert.True(await page.EvaluateAsync<bool>("() => WPP.conn.isAuthenticated()"));
        Assert.Equal(JsonValueKind.Null, (await page.EvaluateAsync<JsonElement>("() => WPP.conn.getAuthCode()")).ValueKind);
        Assert.Equal($"{Instance}@c.us", await page.EvaluateAsync<string>("() => WPP.conn.getMyUserId()._serialized"));
        Assert.Empty((await server.GetJsonAsync("qr-sessions")).EnumerateArray());
    }

    [Fact]
    public async Task The_session_survives_closing_chromium_and_relaunching_it_on_the_same_profile()
    {
        await using var server = await ServerWithPhonesAsync();
        await using var browser = await SimulatorBrowser.StartAsync();
        var profile = browser.NewProfileDirectory();
        await LinkedPage.OpenAsync(server, browser, Instance, profile);

        await browser.LaunchAsync(profile);
        var page = await browser.OpenWebPageAsync(server);

        await Eventually.TrueAsync(() => page.EvaluateAsync<bool>("() => WPP.conn.isMainReady()"), "the relaunched page is ready");
        Assert.Equal($"{Instance}@c.us", await page.EvaluateAsync<string>("() => WPP.conn.getMyUserId()._serialized"));
        var phone = await server.GetJsonAsync($"phones/{Instance}");
        Assert.Equal(1, phone.GetProperty("devices").GetArrayLength());
        Assert.Equal(0, (await server.GetJsonAsync("stats")).GetProperty("conflicts").GetInt32());
    }

    [Fact]
    public async Task Unlink_all_logs_the_page_out_and_it_shows_a_new_qr()
    {
        await using var server = await ServerWithPhonesAsync();
        await using var browser = await SimulatorBrowser.StartAsync();
        var page = await LinkedPage.OpenAsync(server, browser, Instance);

        await server.PostAsync($"phones/{Instance}/unlink-all");

        var reasons = await SimulatorBrowser.WaitForEventAsync(page, "conn.logout_reason");
        Assert.Equal("unknown_companion", reasons.Single().GetString());
        await SimulatorBrowser.WaitForEventAsync(page, "conn.logout");
        Assert.False(await page.EvaluateAsync<bool>("() => WPP.conn.isAuthenticated()"));
        Assert.Null(await page.EvaluateAsync<string?>("() => WPP.conn.getMyUserId()?._serialized ?? null"));
        var code = await page.EvaluateAsync<JsonElement>("() => WPP.conn.getAuthCode()");
        Assert.Equal(JsonValueKind.Object, code.ValueKind);
        Assert.Equal(0, (await server.GetJsonAsync($"phones/{Instance}")).GetProperty("devices").GetArrayLength());

        // The credentials are gone from IndexedDB too: a reload still asks for a QR.
        await page.ReloadAsync();
        Assert.Equal(JsonValueKind.Object, (await page.EvaluateAsync<JsonElement>("() => WPP.conn.getAuthCode()")).ValueKind);
        Assert.False(await page.EvaluateAsync<bool>("() => WPP.conn.isAuthenticated()"));
    }

    [Fact]
    public async Task A_page_unlinked_while_closed_is_logged_out_when_it_comes_back()
    {
        await using var server = await ServerWithPhonesAsync();
        await using var browser = await SimulatorBrowser.StartAsync();
        var profile = browser.NewProfileDirectory();
        await LinkedPage.OpenAsync(server, browser, Instance, profile);
        await browser.Context!.CloseAsync();
        await Eventually.TrueAsync(async () => (await server.GetJsonAsync("stats")).GetProperty("connectedDevices").GetInt32() == 0,
            "the closed browser's device is disconnected");

        await server.PostAsync($"phones/{Instance}/unlink-all");
        await browser.LaunchAsync(profile);
        var page = await browser.OpenWebPageAsync(server);

        await Eventually.TrueAsync(async () => (await page.EvaluateAsync<JsonElement>("() => WPP.conn.getAuthCode()")).ValueKind == JsonValueKind.Object,
            "the page shows a new QR");
        Assert.False(await page.EvaluateAsync<bool>("() => WPP.conn.isAuthenticated()"));
    }

    [Fact]
    public async Task An_account_links_no_more_devices_than_the_configured_limit()
    {
        await using var server = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["Simulator:MaxLinkedDevices"] = "1" });
        await server.CreatePhoneAsync(Instance, "Sales");
        await using var firstBrowser = await SimulatorBrowser.StartAsync();
        await LinkedPage.OpenAsync(server, firstBrowser, Instance);
        await using var secondBrowser = await SimulatorBrowser.StartAsync();
        await secondBrowser.LaunchAsync(secondBrowser.NewProfileDirectory());
        var page = await secondBrowser.OpenWebPageAsync(server);
        var code = await page.EvaluateAsync<string>("async () => (await WPP.conn.getAuthCode()).fullCode");

        using var refused = await server.LinkAsync(Instance, code);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("linked devices", await refused.Content.ReadAsStringAsync());
        Assert.False(await page.EvaluateAsync<bool>("() => WPP.conn.isAuthenticated()"));
    }

    [Fact]
    public async Task Logout_from_the_page_unlinks_the_device()
    {
        await using var server = await ServerWithPhonesAsync();
        await using var browser = await SimulatorBrowser.StartAsync();
        var page = await LinkedPage.OpenAsync(server, browser, Instance);

        Assert.True(await page.EvaluateAsync<bool>("() => WPP.conn.logout()"));

        var reasons = await SimulatorBrowser.WaitForEventAsync(page, "conn.logout_reason");
        Assert.Equal("user_initiated", reasons.Single().GetString());
        await Eventually.TrueAsync(async () => (await server.GetJsonAsync($"phones/{Instance}")).GetProperty("devices").GetArrayLength() == 0,
            "the phone no longer lists the device");
    }

    [Fact]
    public async Task A_second_connection_of_the_same_device_replaces_the_first_and_counts_a_conflict()
    {
        await using var server = await ServerWithPhonesAsync();
        await using var browser = await SimulatorBrowser.StartAsync();
        var first = await LinkedPage.OpenAsync(server, browser, Instance);

        // Same profile, same IndexedDB credentials: a second tab is the same device connecting twice.
        var second = await browser.Context!.NewPageAsync();
        await second.GotoAsync(server.WebPageUrl);
        await Eventually.TrueAsync(() => second.EvaluateAsync<bool>("() => WPP.conn.isMainReady()"), "the second tab connects");

        await Eventually.TrueAsync(async () => (await server.GetJsonAsync("stats")).GetProperty("conflicts").GetInt32() == 1, "the network counts the conflict");
        await Eventually.TrueAsync(async () => !await first.EvaluateAsync<bool>("() => WPP.conn.isMainReady()"), "the first tab is disconnected");
        var error = await first.EvaluateAsync<string>(
            $"() => WPP.chat.sendTextMessage('{Customer}@c.us', 'from the old tab').then(() => 'sent', e => e.message)");
        Assert.Equal("not connected", error);
        await second.EvaluateAsync($"() => WPP.chat.sendTextMessage('{Customer}@c.us', 'from the new tab')");
        Assert.Equal("from the new tab", (await server.MessagesAsync(Customer)).Single().GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_dropped_connection_leaves_the_page_offline_until_it_is_reloaded()
    {
        await using var server = await ServerWithPhonesAsync();
        await using var browser = await SimulatorBrowser.StartAsync();
        var page = await LinkedPage.OpenAsync(server, browser, Instance);

        await server.PostAsync($"phones/{Instance}/drop");

        await Eventually.TrueAsync(async () => !await page.EvaluateAsync<bool>("() => WPP.conn.isMainReady()"), "the page goes offline");
        Assert.True(await page.EvaluateAsync<bool>("() => WPP.conn.isAuthenticated()"));
        var error = await page.EvaluateAsync<string>(
            $"() => WPP.chat.sendTextMessage('{Customer}@c.us', 'lost?').then(() => 'sent', e => e.message)");
        Assert.Equal("not connected", error);

        await page.ReloadAsync();
        await Eventually.TrueAsync(() => page.EvaluateAsync<bool>("() => WPP.conn.isMainReady()"), "the reloaded page reconnects");
        await page.EvaluateAsync($"() => WPP.chat.sendTextMessage('{Customer}@c.us', 'back')");
        Assert.Equal(0, (await server.GetJsonAsync("stats")).GetProperty("conflicts").GetInt32());
    }

    [Fact]
    public async Task A_frozen_page_stops_answering_until_unfrozen()
    {
        await using var server = await ServerWithPhonesAsync();
        await using var browser = await SimulatorBrowser.StartAsync();
        var page = await LinkedPage.OpenAsync(server, browser, Instance);

        await server.PostAsync($"phones/{Instance}/freeze");
        await Eventually.TrueAsync(() => page.EvaluateAsync<bool>("() => document.getElementById('status').textContent.includes('frozen')"),
            "the page learns it is frozen");
        // The page's status line joins its recorded events, in the page's own order: whatever comes before the line
        // stops saying "frozen" happened while frozen, however long that lasted.
        await page.EvaluateAsync("""
            () => {
              const text = Object.getOwnPropertyDescriptor(Node.prototype, 'textContent');
              Object.defineProperty(document.getElementById('status'), 'textContent', {
                get() { return text.get.call(this); },
                set(value) { window.__events.push({ name: value.includes('frozen') ? 'frozen' : 'unfrozen' }); text.set.call(this, value); },
              });
              window.__events.length = 0;
              WPP.chat.list({}).then(() => window.__events.push({ name: 'chat.list answered' }));
            }
            """);
        await server.SendFromPhoneAsync(Customer, Instance, "while frozen");

        await server.PostAsync($"phones/{Instance}/unfreeze");
        await SimulatorBrowser.WaitForEventAsync(page, "chat.list answered");
        await SimulatorBrowser.WaitForEventAsync(page, "chat.new_message");
        var order = await page.EvaluateAsync<string[]>("() => window.__events.map(e => e.name)");
        Assert.All(order.TakeWhile(name => name != "unfrozen"), name => Assert.Equal("frozen", name));
        Assert.Contains("unfrozen", order);
    }
}
