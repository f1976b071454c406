using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using static Microsoft.Playwright.Assertions;

namespace WhatsPortal.Tests.Portal;

/// <summary>The live stream in a real browser: the operator's badges across tenants.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class LiveStreamInBrowserTests
{
    [Fact]
    public async Task The_operators_all_instances_page_follows_another_tenants_status_live()
    {
        await using var app = await PortalInBrowser.StartAsync();
        var thread = await SeedThreadAsync(app.Portal);
        await using (var db = app.Portal.AcrossTenants())
            await db.Instances.Where(i => i.Id == thread.InstanceId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InstanceStatus.Connected).SetProperty(i => i.AutoStart, true));

        var admin = await app.NewPageAsync();
        await PortalInBrowser.LogInAsync(admin, PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        await admin.GotoAsync("/admin/instances");
        var badge = admin.Locator($"#status-{thread.InstanceId}");
        await Expect(badge).ToHaveAttributeAsync("data-status", "connected");
        await admin.EvaluateAsync("() => window.__notReloaded = true");

        // The tenant stops it (here: straight through the engine); the operator's open page shows it without a reload.
        await app.Portal.Services.GetRequiredService<IWhatsAppEngine>().StopAsync(thread.InstanceId);
        await Expect(badge).ToHaveAttributeAsync("data-status", "stopped", new() { Timeout = 30_000 });
        Assert.True(await admin.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the badge should have changed live");
        Assert.Empty(app.CspViolations);
    }

    private sealed record SeededThread(string Email, Guid TenantId, Guid InstanceId, Guid ChatId);

    /// <summary>A tenant, its owner, and an instance with one chat holding one message (the page's anchor).</summary>
    private static async Task<SeededThread> SeedThreadAsync(PortalFactory portal)
    {
        var contexts = portal.Services.GetRequiredService<WhatsPortalDbContextFactory>();
        var tenant = new Tenant { Name = "Acme" };
        await using (var db = contexts.AcrossTenants())
        {
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
        }
        var email = await PortalUsers.CreateUserAsync(portal, tenant.Id, Roles.Owner);
        await using var tenantDb = contexts.ForTenant(tenant.Id);
        var instance = new Instance { Name = "sales" };
        var chat = new Chat { InstanceId = instance.Id, RemoteId = "5511988887777@c.us", Name = "Ana", LastMessageAt = DateTime.UtcNow.AddMinutes(-5) };
        tenantDb.Instances.Add(instance);
        tenantDb.Chats.Add(chat);
        tenantDb.Messages.Add(new Message
        {
            InstanceId = instance.Id, ChatId = chat.Id, Direction = MessageDirection.Inbound, Status = MessageStatus.Received,
            Type = MessageType.Text, Text = "oi", CreatedAt = DateTime.UtcNow.AddMinutes(-5),
        });
        await tenantDb.SaveChangesAsync();
        return new SeededThread(email, tenant.Id, instance.Id, chat.Id);
    }
}
