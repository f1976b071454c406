using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;

namespace WhatsPortal.Tests.Components;

/// <summary>The thread's replies, reactions, edits and deletes over the real services and commands.</summary>
public sealed class MessageReferencesThreadTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task A_reply_shows_what_it_quotes_as_text_reactions_sit_under_their_message_and_edits_show()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var quoted = await thread.StoreAsync(portal, MessageDirection.Inbound, Hostile, m => m.WhatsAppId = "false_5511988887777@c.us_3EB0AA");
        var reply = await thread.StoreAsync(portal, MessageDirection.Outbound, "Claro", m => (m.WhatsAppId, m.QuotedWhatsAppId, m.EditedAt) = ("true_5511988887777@c.us_3EB0BB", "false_5511988887777@c.us_3EB0AA", DateTime.UtcNow));
        var unknownQuote = await thread.StoreAsync(portal, MessageDirection.Inbound, "E isso?", m => m.QuotedWhatsAppId = "3EB0GONE");
        await using (var db = portal.Contexts.ForTenant(thread.TenantId))
        {
            db.MessageReactions.AddRange(
                new MessageReaction { InstanceId = thread.InstanceId, MessageId = quoted, SenderId = MessageReaction.OwnSenderId, FromMe = true, Emoji = "👍", At = DateTime.UtcNow },
                new MessageReaction { InstanceId = thread.InstanceId, MessageId = quoted, SenderId = "5511977776666@c.us", Emoji = "👍", At = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var page = ChatThreadTests.Render(portal, thread);

        page.WaitForAssertion(() => Assert.Equal(Hostile, page.Find($"[data-message='{reply}'] .msg-quote-text").TextContent));
        Assert.Empty(page.FindAll("#thread img"));
        Assert.Contains("edited", page.Find($"[data-message='{reply}'] .msg-edited").TextContent);
        Assert.Empty(page.FindAll($"[data-message='{quoted}'] .msg-edited"));
        Assert.Contains("not in this history", page.Find($"[data-message='{unknownQuote}'] .msg-quote").TextContent);
        var reactions = page.Find($"[data-reactions-for='{quoted}'] [data-emoji='👍']");
        Assert.Equal("2", reactions.GetAttribute("data-count"));
        Assert.Contains("msg-reaction-mine", reactions.ClassList);
    }

    [Fact]
    public async Task Reactions_edits_and_deletes_arrive_live_and_another_tenants_do_not()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var theirs = await ChatSeed.ThreadAsync(portal);
        var theirMessage = await theirs.StoreAsync(portal, MessageDirection.Inbound, "deles");
        var thread = await ChatSeed.ThreadAsync(portal);
        var message = await thread.StoreAsync(portal, MessageDirection.Outbound, "Olá", m => m.WhatsAppId = "true_5511988887777@c.us_3EB0CC");
        var page = ChatThreadTests.Render(portal, thread);
        page.WaitForAssertion(() => page.Find($"[data-message='{message}']"));

        // Theirs first: had it passed the circuit's tenant filter, it would show before ours does.
        portal.Events.Publish(new MessageReactionChanged(theirs.TenantId, thread.InstanceId, DateTime.UtcNow, message, thread.ChatId, "5511911112222@c.us", false, "😡"));
        portal.Events.Publish(new MessageReactionChanged(thread.TenantId, thread.InstanceId, DateTime.UtcNow, message, thread.ChatId, "5511988887777@c.us", false, "❤️"));
        page.WaitForAssertion(() => page.Find($"[data-reactions-for='{message}'] [data-emoji='❤️']"));
        Assert.Empty(page.FindAll("[data-emoji='😡']"));

        portal.Events.Publish(new MessageEditedEvent(thread.TenantId, thread.InstanceId, DateTime.UtcNow, message, thread.ChatId, Hostile));
        page.WaitForAssertion(() => Assert.Equal(Hostile, page.Find($"[data-message='{message}'] .msg-text").TextContent));
        Assert.Empty(page.FindAll("#thread img"));

        portal.Events.Publish(new MessageReactionChanged(thread.TenantId, thread.InstanceId, DateTime.UtcNow, message, thread.ChatId, "5511988887777@c.us", false, ""));
        portal.Events.Publish(new MessageRevokedEvent(thread.TenantId, thread.InstanceId, DateTime.UtcNow, message));
        page.WaitForAssertion(() => Assert.Contains("deleted", page.Find($"[data-message='{message}'] .msg-text").TextContent));
        Assert.Empty(page.FindAll($"[data-reactions-for='{message}']"));
        Assert.DoesNotContain(page.FindAll("[data-message]"), e => e.GetAttribute("data-message") == theirMessage.ToString());
    }

    [Fact]
    public async Task The_menu_replies_through_the_composer_reacts_edits_and_deletes_as_queued_actions()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var dialogs = portal.Context.Render<MudDialogProvider>();
        var thread = await ChatSeed.ThreadAsync(portal);
        var inbound = await thread.StoreAsync(portal, MessageDirection.Inbound, "Quero um orçamento", m => m.WhatsAppId = "false_5511988887777@c.us_3EB0DD");
        var ours = await thread.StoreAsync(portal, MessageDirection.Outbound, "Segue", m => (m.WhatsAppId, m.SentAt) = ("true_5511988887777@c.us_3EB0EE", DateTime.UtcNow));
        var old = await thread.StoreAsync(portal, MessageDirection.Outbound, "Antiga", m => (m.WhatsAppId, m.SentAt) = ("true_5511988887777@c.us_3EB0FF", DateTime.UtcNow.AddHours(-1)));
        var page = ChatThreadTests.Render(portal, thread);
        page.WaitForAssertion(() => page.Find($"[data-menu-for='{inbound}']"));

        // An inbound message can be replied to and reacted to, not edited or deleted; an old one of ours no longer edited.
        await page.ClickAsync($"[data-menu-for='{inbound}']");
        Assert.Empty(page.FindAll($"[data-actions-for='{inbound}'] [data-action='edit'], [data-actions-for='{inbound}'] [data-action='delete']"));
        await page.ClickAsync($"[data-actions-for='{inbound}'] [data-react='👍']");
        await page.ClickAsync($"[data-menu-for='{old}']");
        Assert.Empty(page.FindAll($"[data-actions-for='{old}'] [data-action='edit']"));
        var asking = page.ClickAsync($"[data-actions-for='{old}'] [data-action='delete']");
        await dialogs.ClickWhenShownAsync("#confirm-ok");
        await asking;

        await page.ClickAsync($"[data-menu-for='{inbound}']");
        await page.ClickAsync($"[data-actions-for='{inbound}'] [data-action='reply']");
        page.WaitForAssertion(() => Assert.Contains("Quero um orçamento", page.Find("#composer-replying").TextContent));
        await page.InputAsync("#composer-text", "Segue em anexo");
        await page.ClickAsync("#composer-send");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#composer-replying")));

        await page.ClickAsync($"[data-menu-for='{ours}']");
        await page.ClickAsync($"[data-actions-for='{ours}'] [data-action='edit']");
        page.WaitForAssertion(() => page.Find("#composer-editing"));
        await page.InputAsync("#composer-text", "Segue o orçamento");
        await page.ClickAsync("#composer-send");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#composer-editing")));

        await using var db = portal.Contexts.ForTenant(thread.TenantId);
        var actions = await db.MessageActions.OrderBy(a => a.CreatedAt).Select(a => new { a.MessageId, a.Kind, a.Value, a.Status }).ToListAsync();
        Assert.Equal(
            [new { MessageId = inbound, Kind = MessageActionKind.React, Value = (string?)"👍", Status = MessageStatus.Queued },
             new { MessageId = old, Kind = MessageActionKind.Revoke, Value = (string?)null, Status = MessageStatus.Queued },
             new { MessageId = ours, Kind = MessageActionKind.Edit, Value = (string?)"Segue o orçamento", Status = MessageStatus.Queued }],
            actions);
        var reply = await db.Messages.SingleAsync(m => m.Text == "Segue em anexo");
        Assert.Equal("false_5511988887777@c.us_3EB0DD", reply.QuotedWhatsAppId);
    }

    [Fact]
    public async Task An_action_on_a_logged_out_instance_is_refused_with_the_commands_sentence()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal, status: InstanceStatus.LoggedOut);
        var inbound = await thread.StoreAsync(portal, MessageDirection.Inbound, "Oi", m => m.WhatsAppId = "false_5511988887777@c.us_3EB0AB");
        var page = ChatThreadTests.Render(portal, thread);
        page.WaitForAssertion(() => page.Find($"[data-menu-for='{inbound}']"));

        await page.ClickAsync($"[data-menu-for='{inbound}']");
        await page.ClickAsync($"[data-actions-for='{inbound}'] [data-react='❤️']");

        page.WaitForAssertion(() => Assert.Equal("The instance is 'logged_out': start it and link it again before sending.", page.Find("#action-error").TextContent.Trim()));
        await using var db = portal.Contexts.ForTenant(thread.TenantId);
        Assert.False(await db.MessageActions.AnyAsync());
    }
}
