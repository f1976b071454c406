using Bunit;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Components.Chats;

namespace WhatsPortal.Tests.Components;

/// <summary>The chat list's marks: a dot for a chat marked unread, archived chats behind their filter, live updates, and the actions' rule.</summary>
public sealed class ChatMarksTests
{
    [Fact]
    public async Task A_chat_marked_unread_shows_a_dot_and_an_archived_chat_is_listed_only_under_Archived()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var seed = await ChatSeed.ThreadAsync(portal);
        await using (var db = portal.Contexts.ForTenant(seed.TenantId))
        {
            await db.Chats.Where(c => c.Id == seed.ChatId).ExecuteUpdateAsync(s => s.SetProperty(c => c.MarkedUnread, true));
            db.Chats.Add(new Chat { InstanceId = seed.InstanceId, RemoteId = "5511977776666@c.us", Name = "Bia", Archived = true, LastMessageAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var list = portal.Context.Render<ChatList>(p => p.Add(c => c.InstanceId, seed.InstanceId));

        list.WaitForAssertion(() => Assert.Equal("5511988887777@c.us", Assert.Single(list.FindAll("[data-chat]")).GetAttribute("data-chat")));
        Assert.Equal("true", list.Find("[data-chat]").GetAttribute("data-marked-unread"));
        Assert.NotEmpty(list.FindAll("[data-chat] .mud-badge-dot"));
        Assert.NotEmpty(list.FindAll("[data-chat-actions='5511988887777@c.us'] [data-action=read]"));
        Assert.NotEmpty(list.FindAll("[data-chat-actions='5511988887777@c.us'] [data-action=archive]"));

        await list.ClickAsync("[data-filter=archived]");
        list.WaitForAssertion(() => Assert.Equal("5511977776666@c.us", Assert.Single(list.FindAll("[data-chat]")).GetAttribute("data-chat")));
        Assert.NotEmpty(list.FindAll("[data-chat-actions='5511977776666@c.us'] [data-action=unarchive]"));
        Assert.NotEmpty(list.FindAll("[data-chat-actions='5511977776666@c.us'] [data-action=unread]"));
    }

    [Fact]
    public async Task A_chat_archived_through_the_engine_leaves_the_list_live()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var seed = await ChatSeed.ThreadAsync(portal);
        var list = portal.Context.Render<ChatList>(p => p.Add(c => c.InstanceId, seed.InstanceId));
        list.WaitForAssertion(() => Assert.Single(list.FindAll("[data-chat]")));

        // What the engine does: the row first, then the event.
        await using (var db = portal.Contexts.ForTenant(seed.TenantId))
            await db.Chats.Where(c => c.Id == seed.ChatId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Archived, true));
        portal.Events.Publish(new ChatUpdated(seed.TenantId, seed.InstanceId, DateTime.UtcNow, seed.ChatId, "5511988887777@c.us", null, 0, false, true));

        list.WaitForAssertion(() => Assert.Equal("No chats yet. Messages sent or received appear here.", list.Find("#no-chats").TextContent));
        await list.ClickAsync("[data-filter=archived]");
        list.WaitForAssertion(() => Assert.Equal("true", list.Find("[data-chat]").GetAttribute("data-archived")));
    }

    [Fact]
    public async Task Archiving_needs_the_instance_connected_while_reading_does_not()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var seed = await ChatSeed.ThreadAsync(portal, unread: 3);
        var list = portal.Context.Render<ChatList>(p => p.Add(c => c.InstanceId, seed.InstanceId));
        list.WaitForAssertion(() => Assert.Equal("3", list.Find("[data-chat]").GetAttribute("data-unread")));

        await list.ClickAsync("[data-action=archive]");
        list.WaitForAssertion(() => Assert.Equal("The instance is not running; start it first.", list.Find("#chat-mark-error").TextContent.Trim()));
        Assert.Single(list.FindAll("[data-chat]"));

        await list.ClickAsync("[data-action=read]");
        list.WaitForAssertion(() => Assert.Equal("0", list.Find("[data-chat]").GetAttribute("data-unread")));
        Assert.NotEmpty(list.FindAll("[data-action=unread]"));
        await using var db = portal.Contexts.ForTenant(seed.TenantId);
        Assert.Equal((0, false), await db.Chats.Where(c => c.Id == seed.ChatId).Select(c => ValueTuple.Create(c.UnreadCount, c.Archived)).SingleAsync());
    }
}
