using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Events;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using static Microsoft.Playwright.Assertions;

namespace WhatsPortal.Tests.Portal;

/// <summary>The live stream in a real browser: a thread across a reconnect, and the operator's badges across tenants.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class LiveStreamInBrowserTests
{
    [Fact]
    public async Task A_message_received_live_appears_once_after_the_stream_reconnects()
    {
        await using var app = await PortalInBrowser.StartAsync();
        var thread = await SeedThreadAsync(app.Portal);

        var page = await app.NewPageAsync();
        var streams = 0;
        // The thread's stream only (the dashboard before it opens one without an instance).
        page.Request += (_, request) => { if (request.Url.Contains("/portal/live?instance=")) Interlocked.Increment(ref streams); };
        await PortalInBrowser.LogInAsync(page, thread.Email, PortalUsers.Password);
        await page.GotoAsync($"/instances/{thread.InstanceId}/chats/{thread.ChatId}");
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref streams) >= 1), "the thread opens its live stream", TimeSpan.FromSeconds(30));
        await Expect(page.Locator("#live-stream")).ToBeAttachedAsync();

        // A message arrives while the thread is open: appended live, after the page's anchor.
        var live = await ReceiveAsync(app.Portal, thread, "chegou ao vivo");
        await Expect(page.Locator($"#msg-{live}")).ToHaveCountAsync(1);

        // The connection drops: window.stop() aborts the open EventSource (net::ERR_ABORTED), as a broken network would.
        // htmx-ext-sse then opens a new EventSource on the same URL (same after= anchor, no Last-Event-ID), and the
        // server replays what is newer than the anchor. (An offline toggle does not break an open local stream.)
        await page.EvaluateAsync("() => window.stop()");
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref streams) >= 2), "the stream reconnects", TimeSpan.FromSeconds(60));

        // A message after the reconnect shows the replay has been swapped in (the stream sends the current state first).
        var after = await ReceiveAsync(app.Portal, thread, "depois da reconexão");
        await Expect(page.Locator($"#msg-{after}")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        Assert.Equal(1, await page.Locator($"#msg-{live}").CountAsync());
        Assert.Equal(3, await page.Locator($"#thread-{thread.ChatId} .msg").CountAsync());
        Assert.Empty(app.CspViolations);
    }

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

    /// <summary>Stores an inbound message and publishes it, as the engine's inbound recorder does.</summary>
    private static async Task<Guid> ReceiveAsync(PortalFactory portal, SeededThread thread, string text)
    {
        await using var db = portal.Services.GetRequiredService<WhatsPortalDbContextFactory>().ForTenant(thread.TenantId);
        var message = new Message
        {
            InstanceId = thread.InstanceId, ChatId = thread.ChatId, Direction = MessageDirection.Inbound, Status = MessageStatus.Received,
            Type = MessageType.Text, Text = text,
        };
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        portal.Services.GetRequiredService<IEngineEvents>().Publish(
            new MessageStored(thread.TenantId, thread.InstanceId, DateTime.UtcNow, message.Id, thread.ChatId, MessageDirection.Inbound));
        return message.Id;
    }
}
