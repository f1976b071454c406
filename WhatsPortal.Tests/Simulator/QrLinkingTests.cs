using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace WhatsPortal.Tests.Simulator;

[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class QrLinkingTests
{
    private const string Instance = "5511911110000";

    private static Task<JsonElement> AuthCodeAsync(IPage page) =>
        page.EvaluateAsync<JsonElement>("() => WPP.conn.getAuthCode()");

    [Fact]
    public async Task Qr_refs_rotate_and_then_the_attempts_end_with_a_null_auth_code()
    {
        await using var server = await SimulatorServer.StartAsync(SimulatorServer.FastQr(refs: 3));
        await server.CreatePhoneAsync(Instance, "Sales");
        await using var browser = await SimulatorBrowser.StartAsync();
        await browser.LaunchAsync(browser.NewProfileDirectory());
        var page = await browser.OpenWebPageAsync(server);

        var first = await AuthCodeAsync(page);
        Assert.Equal("multidevice", first.GetProperty("type").GetString());
        var parts = first.GetProperty("fullCode").GetString()!.Split(',');
        Assert.Equal(4, parts.Length);
        Assert.Equal(first.GetProperty("ref").GetString(), parts[0]);
        Assert.Equal(first.GetProperty("staticKeyPair").GetString(), parts[1]);
        Assert.Equal(first.GetProperty("identityKeyPair").GetString(), parts[2]);
        Assert.Equal(first.GetProperty("secretKey").GetString(), parts[3]);

        var changes = await SimulatorBrowser.WaitForEventAsync(page, "conn.auth_code_change", e => e.ValueKind == JsonValueKind.Null);
        var rotated = changes.Where(c => c.ValueKind == JsonValueKind.Object).Select(c => c.GetProperty("ref").GetString()).ToList();
        // Whether the first ref's own event is recorded depends on when the recorder started listening.
        if (rotated.FirstOrDefault() == first.GetProperty("ref").GetString()) rotated.RemoveAt(0);
        Assert.NotEmpty(rotated);
        Assert.DoesNotContain(first.GetProperty("ref").GetString(), rotated);
        Assert.Equal(rotated.Count, rotated.Distinct().Count());
        Assert.Equal(JsonValueKind.Null, changes[^1].ValueKind);

        Assert.Equal(JsonValueKind.Null, (await AuthCodeAsync(page)).ValueKind);
        Assert.False(await page.EvaluateAsync<bool>("() => WPP.conn.isAuthenticated()"));

        // A code the page no longer shows cannot link it: 409 with a reason.
        using var stale = await server.LinkAsync(Instance, first.GetProperty("fullCode").GetString()!);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Contains("expired", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Linking_through_the_control_api_authenticates_the_page_as_that_phone()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        await using var browser = await SimulatorBrowser.StartAsync();
        await browser.LaunchAsync(browser.NewProfileDirectory());
        var page = await browser.OpenWebPageAsync(server);
        var code = (await AuthCodeAsync(page)).GetProperty("fullCode").GetString()!;

        var waiting = await server.GetJsonAsync("qr-sessions");
        Assert.Contains(waiting.EnumerateArray(), s => s.GetProperty("code").GetString() == code);

        using (var linked = await server.LinkAsync(Instance, code))
            Assert.Equal(HttpStatusCode.OK, linked.StatusCode);

        await SimulatorBrowser.WaitForEventAsync(page, "conn.authenticated");
        await SimulatorBrowser.WaitForEventAsync(page, "conn.main_ready");
        Assert.True(await page.EvaluateAsync<bool>("() => WPP.conn.isAuthenticated() && WPP.conn.isMainReady()"));
        var me = await page.EvaluateAsync<JsonElement>(
            "() => { const w = WPP.conn.getMyUserId(); return { ...w, text: w.toString() }; }");
        Assert.Equal($"{Instance}@c.us", me.GetProperty("_serialized").GetString());
        Assert.Equal($"{Instance}@c.us", me.GetProperty("text").GetString());
        Assert.Equal(Instance, me.GetProperty("user").GetString());
        Assert.Equal("c.us", me.GetProperty("server").GetString());
        Assert.Equal(JsonValueKind.Null, (await AuthCodeAsync(page)).ValueKind);
        Assert.Equal(JsonValueKind.Null, (await SimulatorBrowser.EventsAsync(page, "conn.auth_code_change"))[^1].ValueKind);

        var phone = await server.GetJsonAsync($"phones/{Instance}");
        Assert.True(phone.GetProperty("devices")[0].GetProperty("connected").GetBoolean());
        using var again = await server.LinkAsync(Instance, code);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task The_page_works_under_any_prefix_because_its_urls_are_relative()
    {
        await using var server = await SimulatorServer.StartAsync(prefix: "/labs/whatsapp");
        await server.CreatePhoneAsync(Instance, "Sales");
        await using var browser = await SimulatorBrowser.StartAsync();
        await browser.LaunchAsync(browser.NewProfileDirectory());
        var page = await browser.OpenWebPageAsync(server);
        Assert.StartsWith(new Uri(server.BaseAddress, "labs/whatsapp/web/").ToString(), page.Url);

        var code = (await AuthCodeAsync(page)).GetProperty("fullCode").GetString()!;
        using (var linked = await server.LinkAsync(Instance, code))
            Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        await SimulatorBrowser.WaitForEventAsync(page, "conn.main_ready");
    }

    [Fact]
    public async Task A_pairing_code_links_the_page_to_the_phone_it_was_requested_for()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        await server.CreatePhoneAsync("5511922220000", "Someone else");
        await using var browser = await SimulatorBrowser.StartAsync();
        await browser.LaunchAsync(browser.NewProfileDirectory());
        var page = await browser.OpenWebPageAsync(server);

        var code = await page.EvaluateAsync<string>($"() => WPP.conn.genLinkDeviceCodeForPhoneNumber('{Instance}')");
        Assert.Matches(new Regex("^[A-Z0-9]{8}$"), code);

        using (var wrongPhone = await server.LinkAsync("5511922220000", code))
            Assert.Equal(HttpStatusCode.Conflict, wrongPhone.StatusCode);
        using (var linked = await server.LinkAsync(Instance, code))
            Assert.Equal(HttpStatusCode.OK, linked.StatusCode);

        await SimulatorBrowser.WaitForEventAsync(page, "conn.main_ready");
        Assert.Equal($"{Instance}@c.us", await page.EvaluateAsync<string>("() => WPP.conn.getMyUserId()._serialized"));
    }

    [Fact]
    public async Task Linking_with_an_unknown_or_missing_code_is_a_problem()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");

        using var unknown = await server.LinkAsync(Instance, "2@nothing,a,b,c");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        using var unknownPairing = await server.LinkAsync(Instance, "ABCD2345");
        Assert.Equal(HttpStatusCode.NotFound, unknownPairing.StatusCode);
        using var empty = await server.LinkAsync(Instance, "");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using var noPhone = await server.LinkAsync("5511900000000", "2@nothing,a,b,c");
        Assert.Equal(HttpStatusCode.NotFound, noPhone.StatusCode);
    }
}
