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

        // A valid form post (the stranger's own token) on the other tenant's instance is not found either, and changes nothing.
        var token = await TokenFromAsync(stranger, "/");
        var start = await stranger.PostAsync($"/portal/instances/{a.InstanceId}/delete", Form(token));
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
        await using var db = factory.AcrossTenants();
        Assert.True(db.Instances.Any(i => i.Id == a.InstanceId));
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

    [Fact]
    public async Task An_action_without_the_antiforgery_token_is_refused()
    {
        var a = await SeedTenantAsync();
        using var owner = await PortalUsers.LogInAsync(factory, a.Email);
        var response = await owner.PostAsync($"/portal/instances/{a.InstanceId}/delete", Form(null));
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        await using var db = factory.AcrossTenants();
        Assert.True(db.Instances.Any(i => i.Id == a.InstanceId));
    }

    private sealed record SeededTenant(string Email, Guid InstanceId, string[] Paths);

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
        return new SeededTenant(email, instance.Id,
        [
            $"/instances/{instance.Id}",
            $"/instances/{instance.Id}/chats/{chat.Id}",
            $"/portal/instances/{instance.Id}/qr.svg",
            $"/portal/instances/{instance.Id}/media/{message.Id}",
            $"/portal/live?instance={instance.Id}",
        ]);
    }

    private static async Task<string> TokenFromAsync(HttpClient browser, string path)
    {
        var page = await LoginPage.ParseAsync(await browser.GetAsync(path));
        return page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    private static FormUrlEncodedContent Form(string? token) => new(token is null
        ? new Dictionary<string, string> { ["returnUrl"] = "/" }
        : new Dictionary<string, string> { ["returnUrl"] = "/", ["__RequestVerificationToken"] = token });
}
