using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WhatsPortal.Engine;
using WhatsPortal.Tests.EndToEnd;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using static Microsoft.Playwright.Assertions;

namespace WhatsPortal.Tests.Portal;

/// <summary>What a tenant does every day, in a real browser against the running app and the simulated WhatsApp.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class PortalInBrowserTests
{
    private const string InstanceNumber = "5511900000002";
    private const string Customer = "5511988886666";
    private const string OwnerPassword = "Owner-Passw0rd-1";
    // Markup in a message must be shown as text, never run.
    private const string Hostile = "Olá <img src=x onerror=alert(1)>";

    [Fact]
    public async Task A_tenant_links_an_instance_by_its_live_QR_chats_live_and_another_tenant_gets_404()
    {
        await using var app = await PortalInBrowser.StartAsync();

        // The operator creates two tenants with their owners.
        var admin = await app.NewPageAsync();
        await PortalInBrowser.LogInAsync(admin, PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        await CreateTenantAsync(admin, "Acme", "owner@acme.test");
        await CreateTenantAsync(admin, "Other", "owner@other.test");
        await Expect(admin.Locator("#tenants")).ToContainTextAsync("Acme");

        // The owner creates an instance and starts it: a QR appears by itself.
        var owner = await app.NewPageAsync();
        await PortalInBrowser.LogInAsync(owner, "owner@acme.test", OwnerPassword);
        await owner.FillAsync("#NewInstance\\.Name", "sales");
        await owner.ClickAsync("#create-instance button[type=submit]");
        await PortalInBrowser.ArrivedAtAsync(owner, new Regex("/instances/[0-9a-f-]{36}$"));
        var instanceId = Guid.Parse(new Uri(owner.Url).Segments[^1]);
        await owner.ClickAsync("button[data-action=start]");
        await Expect(owner.Locator(".qr-image")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        if (PortalInBrowser.TakesScreenshots)
        {
            // Reloaded only for the picture, so the state timeline shows how the instance got to its QR.
            await owner.ReloadAsync();
            await PortalInBrowser.ScreenshotAsync(owner, "instance-qr");
        }

        // The phone scans it; the badge turns connected on the open page, without a reload.
        await MarkPageAsync(owner);
        var qr = app.Portal.Services.GetRequiredService<IWhatsAppEngine>().GetQr(instanceId);
        Assert.NotNull(qr);
        await app.Simulator.CreatePhoneAsync(InstanceNumber, "Acme sales");
        using (var linked = await app.Simulator.LinkAsync(InstanceNumber, qr.Code))
            Assert.True(linked.IsSuccessStatusCode, await linked.Content.ReadAsStringAsync());
        await Expect(owner.Locator($"#status-{instanceId}")).ToHaveAttributeAsync("data-status", "connected", new() { Timeout = 90_000 });
        await Expect(owner.Locator($"#qr-{instanceId}")).ToContainTextAsync("Linked to WhatsApp");
        await Expect(owner.Locator("#event-log li").First.Locator(".status-badge").Last).ToHaveAttributeAsync("data-status", "connected");
        await AssertNotReloadedAsync(owner);

        // A first message from the instance page opens the thread; it reaches the phone, encoded as text on the page.
        await app.Simulator.CreatePhoneAsync(Customer, "Ana");
        await owner.FillAsync("#new-chat-to", Customer);
        await owner.FillAsync("#new-chat-text", Hostile);
        await owner.ClickAsync("#new-chat-open");
        await PortalInBrowser.ArrivedAtAsync(owner, new Regex("/chats/[0-9a-f-]{36}$"));
        await Expect(owner.Locator(".msg-out .msg-text")).ToHaveTextAsync(Hostile);
        Assert.Equal(0, await owner.Locator(".thread img[src=x]").CountAsync());
        await EngineBackedPortal.PhoneMessageAsync(app.Simulator, Customer, m => m.GetProperty("text").GetString() == Hostile, "the phone receives the text");

        // The composer sends through the same queue; the reply appears live in the open thread, and ticks follow the acks.
        await owner.FillAsync("#composer-text", "Posso ajudar?");
        await owner.ClickAsync("#composer-send");
        await Expect(owner.Locator(".msg-out .msg-text").Last).ToHaveTextAsync("Posso ajudar?");
        await EngineBackedPortal.PhoneMessageAsync(app.Simulator, Customer, m => m.GetProperty("text").GetString() == "Posso ajudar?", "the composer's message reaches the phone");
        await owner.SetInputFilesAsync("#composer input[type=file]", new FilePayload { Name = "orcamento.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4 quote"u8.ToArray() });
        await owner.FillAsync("#composer-text", "Seu orçamento");
        await owner.ClickAsync("#composer-send");
        await Expect(owner.Locator(".msg-out .msg-text").Last).ToHaveTextAsync("Seu orçamento");
        var document = await EngineBackedPortal.PhoneMessageAsync(app.Simulator, Customer, m => m.GetProperty("type").GetString() == "document", "the composer's file reaches the phone");
        Assert.Equal("orcamento.pdf", document.GetProperty("filename").GetString());
        await MarkPageAsync(owner);
        // The instance page, open in another tab, lists the chat and follows it live too.
        var instanceTab = await owner.Context.NewPageAsync();
        await instanceTab.GotoAsync($"/instances/{instanceId}");
        await Expect(instanceTab.Locator("#live-stream")).ToBeAttachedAsync();
        await MarkPageAsync(instanceTab);
        await app.Simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Quero um orçamento");
        await Expect(owner.Locator(".msg-in .msg-text")).ToHaveTextAsync("Quero um orçamento", new() { Timeout = 60_000 });
        await Expect(owner.Locator(".msg-out .ack").Last).ToHaveAttributeAsync("data-status", new Regex("^(delivered|read)$"), new() { Timeout = 60_000 });
        await AssertNotReloadedAsync(owner);
        await Expect(instanceTab.Locator("#chats")).ToContainTextAsync("Quero um orçamento", new() { Timeout = 60_000 });
        await AssertNotReloadedAsync(instanceTab);
        await PortalInBrowser.ScreenshotAsync(owner, "chat-thread");
        var threadPath = new Uri(owner.Url).AbsolutePath;

        await owner.GotoAsync("/");
        await Expect(owner.Locator($"#status-{instanceId}")).ToHaveAttributeAsync("data-status", "connected");
        await PortalInBrowser.ScreenshotAsync(owner, "dashboard");
        if (PortalInBrowser.TakesScreenshots)
        {
            var phone = await app.NewPageAsync(390, 844);
            await PortalInBrowser.LogInAsync(phone, "owner@acme.test", OwnerPassword);
            await phone.GotoAsync(threadPath);
            await PortalInBrowser.ScreenshotAsync(phone, "chat-thread-phone");
        }

        // MudChart draws, and the API's browsable UI renders, under the Content-Security-Policy (every page's console is checked at the end).
        await admin.GotoAsync("/admin/statistics");
        await Expect(admin.Locator("#stats-chart svg").First).ToBeVisibleAsync();
        if (PortalInBrowser.TakesScreenshots)
        {
            await admin.WaitForTimeoutAsync(1000); // the charts' entry animation, for the picture only
            await PortalInBrowser.ScreenshotAsync(admin, "statistics");
        }
        await admin.GotoAsync("/api");
        await Expect(admin.Locator(".swagger-ui .opblock").First).ToBeVisibleAsync();
        if (PortalInBrowser.TakesScreenshots)
        {
            await admin.GotoAsync("/");
            await PortalInBrowser.ScreenshotAsync(admin, "operator-dashboard");
            await admin.GotoAsync("/admin/instances");
            await PortalInBrowser.ScreenshotAsync(admin, "all-instances");
            // The same dashboard in Brazilian Portuguese, as a user who chose it sees it.
            await owner.Context.AddCookiesAsync([new() { Name = ".AspNetCore.Culture", Value = "c=pt-BR|uic=pt-BR", Url = owner.Url }]);
            await owner.GotoAsync("/");
            await PortalInBrowser.ScreenshotAsync(owner, "dashboard-pt-br");
        }

        // Another tenant's owner gets 404 on every URL of this tenant, and sees none of its data.
        var stranger = await app.NewPageAsync();
        await PortalInBrowser.LogInAsync(stranger, "owner@other.test", OwnerPassword);
        await Expect(stranger.Locator("#no-instances")).ToBeVisibleAsync();
        foreach (var path in new[] { $"/instances/{instanceId}", threadPath, $"/portal/instances/{instanceId}/qr.svg", $"/portal/live?instance={instanceId}" })
        {
            var response = await stranger.APIRequest.GetAsync(path);
            Assert.True(response.Status == 404, $"{path} answered {response.Status} to another tenant");
        }
        var page = await stranger.GotoAsync($"/instances/{instanceId}");
        Assert.Equal(404, page!.Status);
        await Expect(stranger.Locator("body")).Not.ToContainTextAsync("sales");
        Assert.Empty(app.CspViolations);
    }

    private static async Task CreateTenantAsync(IPage admin, string name, string ownerEmail)
    {
        await admin.FillAsync("#new-tenant-name", name);
        await admin.FillAsync("#new-tenant-owner-email", ownerEmail);
        await admin.FillAsync("#new-tenant-owner-password", OwnerPassword);
        await admin.ClickAsync("#create-tenant");
        await Expect(admin.Locator("#tenants")).ToContainTextAsync(name);
    }

    /// <summary>A flag that only survives while the page is not reloaded.</summary>
    private static Task MarkPageAsync(IPage page) => page.EvaluateAsync("() => window.__notReloaded = true");

    private static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page was reloaded; the update should have come live");
}
