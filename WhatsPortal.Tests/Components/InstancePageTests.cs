using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Components.Instances;
using WhatsPortal.Web.Components.Pages.Admin;
using WhatsPortal.Web.Components.Pages.Instances;

namespace WhatsPortal.Tests.Components;

/// <summary>The instance page and the operator's instance page over the circuit, on the portal's real services.</summary>
public sealed class InstancePageTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Member)]
    public async Task A_tenant_user_sees_the_QR_chats_log_settings_and_deliveries_with_names_as_text(string role)
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync(role);
        await portal.SignInAsync(user);
        var instance = await SeedAsync(portal, tenant.Id, Hostile);

        var page = Render(portal, instance.Id);

        page.WaitForAssertion(() => Assert.Equal(Hostile, page.Find("#instance-name").FirstChild!.TextContent.Trim()));
        foreach (var part in new[] { "#qr-panel", "#pairing-code", "#chats", "#event-log" })
            Assert.NotNull(page.Find(part));
        foreach (var panel in new[] { "#settings-panel", "#number-check-panel", "#deliveries-panel" })
            await page.ClickAsync($"{panel}-toggle");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#deliveries")));
        foreach (var part in new[] { "#webhook-url", "#webhook-save", "#check-numbers", "#deliveries" })
            Assert.NotNull(page.Find(part));
        Assert.Empty(page.FindAll("img[src=x]"));
    }

    [Fact]
    public async Task Settings_number_checks_and_deliveries_are_built_only_when_opened_and_let_go_when_closed()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);
        var instance = await SeedAsync(portal, tenant.Id, "sales");

        var page = Render(portal, instance.Id);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#chats")));
        // Each open page keeps its components in the server's memory: closed panels keep none of theirs.
        Assert.Empty(page.FindComponents<InstanceSettings>());
        Assert.Empty(page.FindComponents<NumberCheckPanel>());
        Assert.Empty(page.FindComponents<WebhookDeliveries>());
        Assert.Equal("false", page.Find("#settings-panel-toggle").GetAttribute("aria-expanded"));

        await page.ClickAsync("#settings-panel-toggle");
        page.WaitForAssertion(() => Assert.Single(page.FindComponents<InstanceSettings>()));
        Assert.Equal("true", page.Find("#settings-panel-toggle").GetAttribute("aria-expanded"));
        Assert.Equal("settings-panel-body", page.Find("#settings-panel-toggle").GetAttribute("aria-controls"));
        Assert.NotNull(page.Find("#settings-panel-body #webhook-url"));
        Assert.Empty(page.FindComponents<WebhookDeliveries>());

        await page.ClickAsync("#settings-panel-toggle");
        page.WaitForAssertion(() => Assert.Empty(page.FindComponents<InstanceSettings>()));
    }

    [Fact]
    public async Task The_operator_reads_any_tenants_instance_and_its_log_but_not_its_chats_or_webhook()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, _) = await portal.CreateTenantUserAsync();
        var instance = await SeedAsync(portal, tenant.Id, "sales");
        await AddLogAsync(portal, instance, Hostile, InstanceEventLevel.Warning);
        await SignInOperatorAsync(portal);

        var page = portal.Context.Render<OperatorInstancePage>(p => p.Add(x => x.InstanceId, instance.Id));

        page.WaitForAssertion(() => Assert.Contains(tenant.Name, page.Find("#instance-facts").TextContent));
        page.WaitForAssertion(() => Assert.Equal(Hostile, page.Find(".event-log-row .event-message").TextContent));
        Assert.Empty(page.FindAll("img[src=x]"));
        Assert.Empty(page.FindAll("#chats"));
        Assert.Empty(page.FindAll("#webhook-url"));
        Assert.Empty(page.FindAll("#pairing-code"));
    }

    [Fact]
    public async Task A_tenant_user_on_the_operators_page_or_another_tenants_instance_gets_not_found()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (theirs, _) = await portal.CreateTenantUserAsync();
        var (_, user) = await portal.CreateTenantUserAsync();
        var instance = await SeedAsync(portal, theirs.Id, "theirs");
        await portal.SignInAsync(user);
        var notFound = NotFoundCount(portal);

        var tenantPage = Render(portal, instance.Id);
        tenantPage.WaitForAssertion(() => Assert.Equal(1, notFound()));
        Assert.Empty(tenantPage.FindAll("#qr-panel"));
        var operatorPage = portal.Context.Render<OperatorInstancePage>(p => p.Add(x => x.InstanceId, instance.Id));
        operatorPage.WaitForAssertion(() => Assert.Equal(2, notFound()));
        Assert.Empty(operatorPage.FindAll("#event-log"));
    }

    [Fact]
    public async Task A_new_QR_and_then_the_link_arrive_live_and_another_tenants_event_does_not()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync();
        var (other, _) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);
        var instance = await SeedAsync(portal, tenant.Id, "sales");
        var page = Render(portal, instance.Id);
        page.WaitForAssertion(() => page.Find("#qr-panel"));

        // Another tenant's event naming this instance, published first: had it arrived, the panel would say connected.
        portal.Events.Publish(new InstanceStatusChanged(other.Id, instance.Id, DateTime.UtcNow, InstanceStatus.Qr, InstanceStatus.Connected, null));
        var qr = new QrCode("2@abc", DateTime.UtcNow.AddSeconds(20));
        portal.Events.Publish(new QrCodeChanged(tenant.Id, instance.Id, DateTime.UtcNow, qr));
        page.WaitForAssertion(() => Assert.Equal($"portal/instances/{instance.Id}/qr.svg?v={qr.ExpiresAt.Ticks}", page.Find("img.qr-image").GetAttribute("src")));
        Assert.Equal("stopped", page.Find("#qr-panel").GetAttribute("data-status"));
        Assert.DoesNotContain("2@abc", page.Markup);

        portal.Events.Publish(new InstanceStatusChanged(tenant.Id, instance.Id, DateTime.UtcNow, InstanceStatus.Qr, InstanceStatus.Connected, null));
        page.WaitForAssertion(() => Assert.Equal("connected", page.Find("#qr-panel").GetAttribute("data-status")));
        Assert.Empty(page.FindAll("img.qr-image"));
        Assert.Equal("connected", page.Find($"[data-status-for='{instance.Id}']").GetAttribute("data-status"));
    }

    [Fact]
    public async Task A_status_change_puts_its_log_line_on_top_and_the_level_filter_narrows_the_log()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);
        var instance = await SeedAsync(portal, tenant.Id, "sales");
        await AddLogAsync(portal, instance, "Started by the owner.", InstanceEventLevel.Info);
        var page = Render(portal, instance.Id);
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".event-log-row")));

        // The engine writes the line with the change, then publishes it.
        await AddLogAsync(portal, instance, Hostile, InstanceEventLevel.Error);
        portal.Events.Publish(new InstanceStatusChanged(tenant.Id, instance.Id, DateTime.UtcNow, InstanceStatus.Connected, InstanceStatus.Failed, Hostile));
        page.WaitForAssertion(() => Assert.Equal(Hostile, page.FindAll(".event-log-row")[0].QuerySelector(".event-message")!.TextContent));
        page.WaitForAssertion(() => Assert.Equal(Hostile, page.Find("#status-reason").TextContent.TrimStart('·', ' ')));
        Assert.Empty(page.FindAll("img[src=x]"));

        var level = page.FindComponent<MudSelect<InstanceEventLevel?>>();
        await page.InvokeAsync(() => level.Instance.ValueChanged.InvokeAsync(InstanceEventLevel.Error));
        page.WaitForAssertion(() => Assert.Equal(["error"], page.FindAll(".event-log-row").Select(r => r.GetAttribute("data-level"))));
    }

    [Fact]
    public async Task Webhook_settings_refuse_a_bad_or_private_URL_in_the_readers_language_and_save_a_good_one()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);
        var instance = await SeedAsync(portal, tenant.Id, "sales");
        var settings = portal.Context.Render<InstanceSettings>(p => p.Add(x => x.Instance, instance));

        await settings.ChangeAsync("#webhook-url", "ftp://crm.example.com/in");
        await settings.ClickAsync("#webhook-save");
        settings.WaitForAssertion(() => Assert.Contains("A webhook URL must be an absolute http or https URL.", settings.Markup));

        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("pt-BR");
        try
        {
            await settings.ChangeAsync("#webhook-url", "http://169.254.169.254/latest");
            await settings.ClickAsync("#webhook-save");
            settings.WaitForAssertion(() => Assert.Contains("“169.254.169.254” é um endereço privado", settings.Markup));
            Assert.DoesNotContain("is a private, loopback or link-local address", settings.Markup);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
        await using (var db = portal.Contexts.AcrossTenants())
            Assert.Null((await db.Instances.SingleAsync(i => i.Id == instance.Id)).WebhookUrl);

        await settings.ChangeAsync("#webhook-url", "https://crm.example.com/in");
        await settings.ClickAsync("#webhook-save");
        settings.WaitForAssertion(() => Assert.StartsWith("whsec_", settings.Find("#webhook-secret").TextContent));
        await settings.ChangeAsync("#send-interval", "700000");
        await settings.ClickAsync("#settings-save");
        settings.WaitForAssertion(() => Assert.Contains("Pauses go from 0 to 600000 ms (10 minutes).", settings.Markup));

        await using var check = portal.Contexts.AcrossTenants();
        var stored = await check.Instances.SingleAsync(i => i.Id == instance.Id);
        Assert.Equal(("https://crm.example.com/in", instance.SendIntervalMs), (stored.WebhookUrl, stored.SendIntervalMs));
    }

    [Fact]
    public async Task A_tampered_save_for_another_tenants_instance_is_not_found_and_changes_nothing()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (theirs, _) = await portal.CreateTenantUserAsync();
        var (_, user) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);
        var instance = await SeedAsync(portal, theirs.Id, "theirs");
        var notFound = NotFoundCount(portal);
        var settings = portal.Context.Render<InstanceSettings>(p => p.Add(x => x.Instance, instance));

        await settings.ChangeAsync("#webhook-url", "https://crm.example.com/in");
        await settings.ClickAsync("#webhook-save");
        await settings.ChangeAsync("#auto-start", true);
        await settings.ClickAsync("#settings-save");

        Assert.Equal(2, notFound());
        await using var db = portal.Contexts.AcrossTenants();
        var stored = await db.Instances.SingleAsync(i => i.Id == instance.Id);
        Assert.Equal((null, false), (stored.WebhookUrl, stored.AutoStart));
    }

    [Fact]
    public async Task A_failed_delivery_shows_its_error_as_text_and_is_redelivered()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);
        var instance = await SeedAsync(portal, tenant.Id, "sales");
        var delivery = await AddDeliveryAsync(portal, tenant.Id, instance.Id, Hostile);
        var deliveries = portal.Context.Render<WebhookDeliveries>(p => p.Add(x => x.InstanceId, instance.Id));

        deliveries.WaitForAssertion(() => Assert.Equal(Hostile, deliveries.Find(".delivery-error").TextContent));
        Assert.Empty(deliveries.FindAll("img[src=x]"));
        await deliveries.ClickAsync($"[data-action=redeliver][data-delivery='{delivery.Id}']");

        deliveries.WaitForAssertion(() => Assert.Equal(2, deliveries.FindAll("[data-status]").Count));
        await using var db = portal.Contexts.AcrossTenants();
        var copy = await db.WebhookDeliveries.SingleAsync(d => d.InstanceId == instance.Id && d.Id != delivery.Id);
        Assert.Equal((delivery.EventId, WebhookDeliveryStatus.Pending), (copy.EventId, copy.Status));
    }

    [Fact]
    public async Task A_pairing_code_for_an_instance_not_showing_a_QR_is_refused_with_the_engines_reason()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);
        var instance = await SeedAsync(portal, tenant.Id, "sales");
        var panel = portal.Context.Render<QrPanel>(p => p.Add(x => x.InstanceId, instance.Id).Add(x => x.Status, InstanceStatus.Stopped));

        await panel.ChangeAsync("#pairing-phone", "12");
        await panel.ClickAsync("#pairing-request");
        panel.WaitForAssertion(() => Assert.Contains("Enter the phone number with country code.", panel.Markup));
        await panel.ChangeAsync("#pairing-phone", "5511999990000");
        await panel.ClickAsync("#pairing-request");
        panel.WaitForAssertion(() => Assert.DoesNotContain("Enter the phone number with country code.", panel.Markup));
        Assert.Empty(panel.FindAll("#pairing-code-value"));
    }

    internal static IRenderedComponent<InstancePage> Render(PortalComponents portal, Guid instanceId)
    {
        portal.Context.Render<MudPopoverProvider>();
        return portal.Context.Render<InstancePage>(p => p.Add(x => x.Id, instanceId));
    }

    internal static async Task<Instance> SeedAsync(PortalComponents portal, Guid tenantId, string name)
    {
        await using var db = portal.Contexts.ForTenant(tenantId);
        var instance = new Instance { Name = name, StatusReason = null };
        db.Instances.Add(instance);
        await db.SaveChangesAsync();
        return instance;
    }

    internal static async Task<WebhookDelivery> AddDeliveryAsync(PortalComponents portal, Guid tenantId, Guid instanceId, string error)
    {
        await using var db = portal.Contexts.ForTenant(tenantId);
        var delivery = new WebhookDelivery
        {
            InstanceId = instanceId, EventId = Guid.NewGuid(), EventType = "instance.status", Target = WebhookTarget.Instance, Url = "https://crm.example.com/in",
            Payload = "{}", Status = WebhookDeliveryStatus.Failed, Attempts = 1, LastStatusCode = 500, LastError = error, CreatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow,
        };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync();
        return delivery;
    }

    private static async Task AddLogAsync(PortalComponents portal, Instance instance, string message, InstanceEventLevel level)
    {
        await using var db = portal.Contexts.AcrossTenants();
        db.InstanceEvents.Add(new InstanceEvent { TenantId = instance.TenantId, InstanceId = instance.Id, Type = "status", Level = level, Message = message });
        await db.SaveChangesAsync();
    }

    internal static async Task SignInOperatorAsync(PortalComponents portal)
    {
        await using var db = portal.Contexts.AcrossTenants();
        var admin = await db.Users.SingleAsync(u => u.Email == Infrastructure.PortalFactory.AdminEmail);
        await portal.SignInAsync(admin);
    }

    /// <summary>How many times a component answered "not found" (NavigationManager.NotFound()).</summary>
    internal static Func<int> NotFoundCount(PortalComponents portal)
    {
        var count = 0;
        portal.Context.Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => Interlocked.Increment(ref count);
        return () => count;
    }
}
