using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WhatsPortal.Engine;
using WhatsPortal.Tests.EndToEnd;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;
using static Microsoft.Playwright.Assertions;

namespace WhatsPortal.Tests.Portal;

/// <summary>
/// What a tenant and the operator do every day, in a real browser over the real circuit against the running app and
/// the simulated WhatsApp. Elements are found by the portal's stable ids (the brief's contract), never by layout.
/// </summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PortalInBrowserTests
{
    private const string InstanceNumber = "5511900000002";
    private const string Customer = "5511988886666";
    private const string OwnerPassword = "Owner-Passw0rd-1";
    // Markup in a message must be shown as text, never run.
    private const string Hostile = "Olá <img src=x onerror=alert(1)>";

    [Fact]
    public async Task A_tenant_links_an_instance_by_its_live_QR_chats_live_and_sees_the_ticks_turn_blue()
    {
        await using var app = await PortalInBrowser.StartAsync();
        var login = await app.NewPageAsync();
        await login.GotoAsync("/Account/Login");
        await PortalInBrowser.ScreenshotAsync(login, "login");
        await CreateTenantThroughTheApiAsync(app, "Acme", "owner@acme.test");

        // The owner creates an instance on the dashboard; its row appears without a reload.
        var owner = await app.NewPageAsync();
        await PortalInBrowser.LogInAsync(owner, "owner@acme.test", OwnerPassword);
        await PortalInBrowser.InteractiveAsync(owner);
        await MarkPageAsync(owner);
        await owner.FillAsync("#new-instance-name", "sales");
        await owner.ClickAsync("#create-instance");
        var row = owner.Locator("#instances [data-instance]").Filter(new() { HasText = "sales" });
        await Expect(row).ToHaveCountAsync(1);
        var instanceId = Guid.Parse((await row.GetAttributeAsync("data-instance"))!);
        var status = owner.Locator($"[data-status-for=\"{instanceId}\"]");
        await owner.Locator($"#instances tr:has([data-instance=\"{instanceId}\"]) [data-action=start]").ClickAsync();

        // The instance page, opened in another tab, shows the QR as soon as the engine has one.
        var instancePage = await owner.Context.NewPageAsync();
        await instancePage.GotoAsync($"/instances/{instanceId}");
        await Expect(instancePage.Locator("#qr-panel img.qr-image")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await PortalInBrowser.ScreenshotAsync(instancePage, "instance-qr");
        await MarkPageAsync(instancePage);

        // The phone scans it: the dashboard's chip turns connected and the QR goes away, both without a reload.
        var qr = await app.Portal.Services.GetRequiredService<IWhatsAppEngine>().GetQrAsync(instanceId);
        Assert.NotNull(qr);
        await app.Simulator.CreatePhoneAsync(InstanceNumber, "Acme sales");
        using (var linked = await app.Simulator.LinkAsync(InstanceNumber, qr.Code))
            Assert.True(linked.IsSuccessStatusCode, await linked.Content.ReadAsStringAsync());
        await Expect(status).ToHaveAttributeAsync("data-status", "connected", new() { Timeout = 90_000 });
        await Expect(instancePage.Locator("img.qr-image")).ToHaveCountAsync(0);
        await Expect(instancePage.Locator("#event-log .event-log-row").First).ToBeVisibleAsync();
        await AssertNotReloadedAsync(owner);
        await AssertNotReloadedAsync(instancePage);
        await PortalInBrowser.ScreenshotAsync(owner, "dashboard");

        // A new chat from the instance page opens its thread; the next message, sent from the composer, reaches the
        // phone and is shown as text.
        await app.Simulator.CreatePhoneAsync(Customer, "Ana");
        await PortalInBrowser.InteractiveAsync(instancePage);
        await instancePage.FillAsync("#new-chat-to", Customer);
        await instancePage.FillAsync("#new-chat-text", "Olá, Ana");
        await instancePage.ClickAsync("#new-chat-open");
        await PortalInBrowser.ArrivedAtAsync(instancePage, new Regex("/chats/[0-9a-f-]{36}$"));
        var thread = instancePage;
        await Expect(thread.Locator("#thread .msg-out .msg-text").First).ToHaveTextAsync("Olá, Ana");
        await thread.FillAsync("#composer-text", Hostile);
        await thread.ClickAsync("#composer-send");
        var sent = thread.Locator("#thread .msg-out").Last;
        await Expect(sent.Locator(".msg-text")).ToHaveTextAsync(Hostile);
        Assert.Equal(0, await thread.Locator("#thread img[src=x]").CountAsync());
        var onPhone = await EngineBackedPortal.PhoneMessageAsync(app.Simulator, Customer, m => m.GetProperty("text").GetString() == Hostile, "the phone receives the text");
        await MarkPageAsync(thread);

        // The customer answers and reads it: the reply appears and the ticks turn blue in the open thread.
        await app.Simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Quero um orçamento");
        await Expect(thread.Locator("#thread .msg-in .msg-text")).ToHaveTextAsync("Quero um orçamento", new() { Timeout = 60_000 });
        await app.Simulator.PostAsync($"phones/{Customer}/read", new { messageId = onPhone.GetProperty("id").GetString() });
        var sentId = await sent.GetAttributeAsync("data-message");
        await Expect(thread.Locator($"[data-ack-for=\"{sentId}\"]")).ToHaveAttributeAsync("data-status", "read", new() { Timeout = 60_000 });
        await AssertNotReloadedAsync(thread);
        await PortalInBrowser.ScreenshotAsync(thread, "chat-thread");

        // Another tenant's owner gets "not found" on this tenant's URLs and sees none of its data.
        await CreateTenantThroughTheApiAsync(app, "Other", "owner@other.test");
        var stranger = await app.NewPageAsync();
        await PortalInBrowser.LogInAsync(stranger, "owner@other.test", OwnerPassword);
        await Expect(stranger.Locator("#no-instances")).ToBeVisibleAsync();
        await stranger.GotoAsync(new Uri(thread.Url).AbsolutePath);
        await Expect(stranger.Locator("body")).Not.ToContainTextAsync("Quero um orçamento");
        await Expect(stranger.Locator("#thread")).ToHaveCountAsync(0);
        Assert.Empty(app.CspViolations);
    }

    [Fact]
    public async Task The_operator_creates_a_tenant_sees_its_instance_among_all_and_suspends_it_which_closes_its_owners_circuit()
    {
        await using var app = await PortalInBrowser.StartAsync();
        var admin = await app.NewPageAsync();
        // The operator's home page is the tenants'.
        await PortalInBrowser.LogInAsync(admin, PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        await PortalInBrowser.InteractiveAsync(admin);
        // A tenant is created with its first owner, who can sign in at once.
        // Each value is checked in place before the click: a render that replaced the form after a fill would lose it.
        foreach (var (field, value) in new[] { ("#new-tenant-name", "Acme"), ("#new-tenant-owner-email", "owner@acme.test"), ("#new-tenant-owner-password", OwnerPassword) })
        {
            await admin.FillAsync(field, value);
            await admin.PressAsync(field, "Tab");
        }
        foreach (var (field, value) in new[] { ("#new-tenant-name", "Acme"), ("#new-tenant-owner-email", "owner@acme.test"), ("#new-tenant-owner-password", OwnerPassword) })
            await Expect(admin.Locator(field)).ToHaveValueAsync(value);
        await admin.ClickAsync("#create-tenant");
        var tenantRow = admin.Locator("#tenants tr").Filter(new() { HasText = "Acme" });
        await Expect(tenantRow).ToHaveCountAsync(1);
        await PortalInBrowser.ScreenshotAsync(admin, "operator-tenants");

        // The tenant's owner creates an instance; the operator sees it among all with its status.
        var acmeId = Guid.Parse((await tenantRow.Locator("[data-tenant]").GetAttributeAsync("data-tenant"))!);
        var owner = await app.NewPageAsync();
        await PortalInBrowser.LogInAsync(owner, "owner@acme.test", OwnerPassword);
        await PortalInBrowser.InteractiveAsync(owner);
        await owner.FillAsync("#new-instance-name", "sales");
        await owner.ClickAsync("#create-instance");
        var ownerRow = owner.Locator("#instances [data-instance]").Filter(new() { HasText = "sales" });
        await Expect(ownerRow).ToHaveCountAsync(1);
        var instanceId = (await ownerRow.GetAttributeAsync("data-instance"))!;
        await admin.GotoAsync("/admin/instances");
        await Expect(admin.Locator($"#all-instances [data-status-for=\"{instanceId}\"]")).ToHaveAttributeAsync("data-status", "stopped");
        await Expect(admin.Locator("#all-instances")).ToContainTextAsync("Acme");
        await PortalInBrowser.ScreenshotAsync(admin, "all-instances");
        await admin.GotoAsync("/admin/statistics");
        await Expect(admin.Locator("#stats-chart")).ToBeVisibleAsync();
        await PortalInBrowser.ScreenshotAsync(admin, "statistics");
        // The single node of this app, alive, in the operator's list of nodes.
        await admin.GotoAsync("/admin/nodes");
        await Expect(admin.Locator("#nodes [data-node-status]")).ToHaveAttributeAsync("data-status", "alive");
        await PortalInBrowser.ScreenshotAsync(admin, "nodes");

        // Suspended after a confirmation: the owner's open circuit is closed (its user is nobody now) and sends them to sign in.
        await admin.GotoAsync("/");
        await PortalInBrowser.InteractiveAsync(admin);
        await tenantRow.Locator("[data-tenant-action=suspend]").ClickAsync();
        await admin.ClickAsync("#confirm-ok");
        await using (var db = app.Portal.AcrossTenants())
            await Eventually.TrueAsync(() => db.Tenants.AsNoTracking().AnyAsync(t => t.Id == acmeId && t.SuspendedAt != null), "the tenant to be suspended");
        await PortalInBrowser.ArrivedAtAsync(owner, new Regex("/Account/Login"));

        // The operator leaves through the user menu, as a user does: it opens on a click and its logout signs out.
        await admin.ClickAsync("#user-menu button");
        await admin.ClickAsync("#logout");
        await PortalInBrowser.ArrivedAtAsync(admin, new Regex("/Account/Login"));
        await admin.GotoAsync("/admin/instances");
        await PortalInBrowser.ArrivedAtAsync(admin, new Regex("/Account/Login"));
        Assert.Empty(app.CspViolations);
    }

    /// <summary>A tenant and its owner, made through the operator API (the operator's page is the other test's subject).</summary>
    private static async Task CreateTenantThroughTheApiAsync(PortalInBrowser app, string name, string ownerEmail)
    {
        using var operatorApi = app.Portal.OperatorClient();
        var created = await operatorApi.PostAsJsonAsync("/api/v1/admin/tenants", new { name });
        created.EnsureSuccessStatusCode();
        var tenant = (await created.Content.ReadFromJsonAsync<AdminApi.TenantResponse>())!;
        (await operatorApi.PostAsJsonAsync($"/api/v1/admin/tenants/{tenant.Id}/users", new { email = ownerEmail, password = OwnerPassword, role = "Owner" })).EnsureSuccessStatusCode();
    }

    /// <summary>A flag that only survives while the page is not reloaded.</summary>
    private static Task MarkPageAsync(IPage page) => page.EvaluateAsync("() => window.__notReloaded = true");

    private static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page was reloaded; the update should have come live");
}
