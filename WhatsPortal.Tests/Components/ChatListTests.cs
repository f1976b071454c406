using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Components.Chats;

namespace WhatsPortal.Tests.Components;

/// <summary>The instance page's chat list: unread badges, names as text, live reordering, and starting a chat.</summary>
public sealed class ChatListTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task Chats_show_names_and_previews_as_text_with_their_unread_count()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var seed = await ChatSeed.ThreadAsync(portal, chatName: Hostile, unread: 2);
        await using (var db = portal.Contexts.ForTenant(seed.TenantId))
            await db.Chats.Where(c => c.Id == seed.ChatId).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastMessagePreview, Hostile));

        var list = portal.Context.Render<ChatList>(p => p.Add(c => c.InstanceId, seed.InstanceId));

        list.WaitForAssertion(() => Assert.Equal(Hostile, list.Find("[data-chat] .chat-name").TextContent));
        Assert.Equal(Hostile, list.Find("[data-chat] .chat-preview").TextContent);
        Assert.Empty(list.FindAll("img"));
        Assert.Equal("2", list.Find("[data-chat]").GetAttribute("data-unread"));
        Assert.Contains("2", list.Find(".mud-badge").TextContent);
    }

    [Fact]
    public async Task A_person_known_only_by_LID_shows_the_LID_as_secondary_text_and_one_with_a_number_shows_the_number()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var seed = await ChatSeed.ThreadAsync(portal, chatName: null);
        await using (var db = portal.Contexts.ForTenant(seed.TenantId))
        {
            db.Chats.Add(new Chat { InstanceId = seed.InstanceId, RemoteId = "204722913845621@lid", Lid = "204722913845621@lid", Name = "Bia", LastMessageAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            await db.Chats.Where(c => c.Id == seed.ChatId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Lid, "204722913845622@lid"));
        }

        var list = portal.Context.Render<ChatList>(p => p.Add(c => c.InstanceId, seed.InstanceId));

        list.WaitForAssertion(() => Assert.Equal(2, list.FindAll("[data-chat]").Count));
        Assert.Equal("Bia", list.Find("[data-chat='204722913845621@lid'] .chat-name").TextContent);
        Assert.Equal("LID 204722913845621@lid · number not known yet", list.Find("[data-chat='204722913845621@lid'] .chat-lid").TextContent);
        Assert.Equal("+5511988887777", list.Find("[data-chat='5511988887777@c.us'] .chat-name").TextContent);
        Assert.Empty(list.FindAll("[data-chat='5511988887777@c.us'] .chat-lid"));
    }

    [Fact]
    public async Task A_stored_message_moves_its_chat_to_the_top_with_its_preview_and_unread_count()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var seed = await ChatSeed.ThreadAsync(portal);
        var other = new Chat { InstanceId = seed.InstanceId, RemoteId = "5511977776666@c.us", Name = "Bia", LastMessageAt = DateTime.UtcNow };
        await using (var db = portal.Contexts.ForTenant(seed.TenantId))
        {
            db.Chats.Add(other);
            await db.SaveChangesAsync();
        }
        var list = portal.Context.Render<ChatList>(p => p.Add(c => c.InstanceId, seed.InstanceId));
        list.WaitForAssertion(() => Assert.Equal("5511977776666@c.us", list.Find("[data-chat]").GetAttribute("data-chat")));

        // What the engine's inbound recorder does: the message row, the chat's summary, then the event.
        var message = await seed.StoreAsync(portal, MessageDirection.Inbound, "Quero um orçamento");
        await using (var db = portal.Contexts.ForTenant(seed.TenantId))
            await db.Chats.Where(c => c.Id == seed.ChatId).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.LastMessageAt, DateTime.UtcNow.AddMinutes(1)).SetProperty(c => c.LastMessagePreview, "Quero um orçamento").SetProperty(c => c.UnreadCount, 1));
        portal.Events.Publish(new MessageStored(seed.TenantId, seed.InstanceId, DateTime.UtcNow, message, seed.ChatId, MessageDirection.Inbound));

        list.WaitForAssertion(() => Assert.Equal("5511988887777@c.us", list.Find("[data-chat]").GetAttribute("data-chat")));
        Assert.Equal("Quero um orçamento", list.Find("[data-chat] .chat-preview").TextContent);
        Assert.Equal("1", list.Find("[data-chat]").GetAttribute("data-unread"));
    }

    [Fact]
    public async Task A_new_chat_sends_its_first_message_and_opens_the_thread_and_a_bad_number_is_refused()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var seed = await ChatSeed.ThreadAsync(portal);
        var navigation = portal.Services.GetRequiredService<NavigationManager>();
        var list = portal.Context.Render<ChatList>(p => p.Add(c => c.InstanceId, seed.InstanceId));
        list.WaitForAssertion(() => list.Find("#new-chat-open"));

        await list.InputAsync("input#new-chat-to", "abc");
        await list.InputAsync("input#new-chat-text", "oi");
        await list.ClickAsync("#new-chat-open");
        list.WaitForAssertion(() => Assert.Equal("'abc' is not a phone number with country code (e.g. 5511999990000) or a WhatsApp id.", list.Find("#new-chat-error").TextContent.Trim()));

        await list.InputAsync("input#new-chat-to", "5511955554444");
        await list.ClickAsync("#new-chat-open");

        await using var db = portal.Contexts.ForTenant(seed.TenantId);
        var message = await db.Messages.SingleAsync(m => m.InstanceId == seed.InstanceId);
        Assert.Equal("oi", message.Text);
        Assert.EndsWith($"instances/{seed.InstanceId}/chats/{message.ChatId}", navigation.Uri);
    }
}
