using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Portal;

/// <summary>Every portal URL of one tenant, asked for by a user of another: always 404, like something that does not exist.</summary>
public sealed class PortalTenancyTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task Another_tenants_user_gets_404_on_every_page_and_action_of_this_tenant()
    {
        var a = await SeedTenantAsync();
        var (_, otherEmail) = await PortalUsers.CreateOwnerAsync(factory);
        using var stranger = await PortalUsers.LogInAsync(factory, otherEmail);

        foreach (var path in a.Paths)
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_owner_sees_the_thread_with_message_text_and_contact_names_as_text()
    {
        var a = await SeedTenantAsync();
        using var owner = await PortalUsers.LogInAsync(factory, a.Email);

        foreach (var path in a.Paths.Where(p => !p.Contains("/portal/")))
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(path)).StatusCode);
        var thread = await LoginPage.ParseAsync(await owner.GetAsync(a.Paths[1]));
        Assert.Equal(Hostile, thread.QuerySelector(".msg-in .msg-text")!.TextContent);
        Assert.Contains(Hostile, thread.QuerySelector("h1")!.TextContent);
        Assert.Null(thread.QuerySelector(".thread img"));
    }

    private sealed record SeededTenant(string Email, string[] Paths);

    /// <summary>A tenant with an owner, an instance, a chat with a hostile name and an inbound message with hostile text.</summary>
    private async Task<SeededTenant> SeedTenantAsync()
    {
        var (tenantId, email) = await PortalUsers.CreateOwnerAsync(factory);
        await using var db = factory.Services.GetRequiredService<WhatsPortalDbContextFactory>().ForTenant(tenantId);
        var instance = new Instance { Name = "sales" };
        db.Instances.Add(instance);
        var chat = new Chat { InstanceId = instance.Id, RemoteId = "5511988887777@c.us", Name = Hostile, LastMessagePreview = Hostile, LastMessageAt = DateTime.UtcNow };
        db.Chats.Add(chat);
        var message = new Message { InstanceId = instance.Id, ChatId = chat.Id, Direction = MessageDirection.Inbound, Status = MessageStatus.Received, Type = MessageType.Document, Text = Hostile, MediaPath = "media/none.pdf" };
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        return new SeededTenant(email,
        [
            $"/instances/{instance.Id}",
            $"/instances/{instance.Id}/chats/{chat.Id}",
            $"/portal/instances/{instance.Id}/qr.svg",
            $"/portal/instances/{instance.Id}/media/{message.Id}",
            $"/portal/live?instance={instance.Id}",
        ]);
    }
}
