using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Resources;

namespace WhatsPortal.Tests.Components;

/// <summary>Locations, contact cards and polls in the thread, live poll counts, and the composer's + dialogs.</summary>
public sealed class MessageKindsComponentTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task A_location_a_contact_card_and_a_poll_show_their_texts_as_text_with_a_map_link_and_a_message_action()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var place = await thread.StoreAsync(portal, MessageDirection.Inbound, null, m =>
            (m.Type, m.Content) = (MessageType.Location, MessageContent.Write(new LocationContent(-22.95, -43.21, Hostile, "Rio"))));
        await thread.StoreAsync(portal, MessageDirection.Inbound, null, m =>
            (m.Type, m.Content) = (MessageType.Contact, MessageContent.Write(new ContactContent([new ContactCard(Hostile, ["5521966665555"])]))));
        var poll = await thread.StoreAsync(portal, MessageDirection.Outbound, null, m =>
            (m.Type, m.Content) = (MessageType.Poll, MessageContent.Write(new PollContent(Hostile, ["Sim", Hostile], MultipleChoice: false))));

        var page = ChatThreadTests.Render(portal, thread);

        page.WaitForAssertion(() => Assert.Equal(Hostile, page.Find($"[data-message='{place}'] .msg-place-name").TextContent));
        Assert.Equal("https://www.openstreetmap.org/?mlat=-22.95&mlon=-43.21#map=17/-22.95/-43.21", page.Find($"[data-message='{place}'] a.msg-map-link").GetAttribute("href"));
        Assert.Equal(Hostile, page.Find(".msg-contact-name").TextContent);
        Assert.NotNull(page.Find("[data-message-contact='5521966665555']"));
        Assert.Contains(Hostile, page.Find($"[data-poll='{poll}']").TextContent);
        Assert.Equal(["0", "0"], page.FindAll($"[data-poll='{poll}'] [data-option]").Select(o => o.GetAttribute("data-votes")));
        Assert.Empty(page.FindAll("#thread img"));
    }

    [Fact]
    public async Task A_vote_updates_the_polls_counts_live_and_another_tenants_event_does_not()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var poll = await thread.StoreAsync(portal, MessageDirection.Outbound, null, m =>
            (m.Type, m.Content) = (MessageType.Poll, MessageContent.Write(new PollContent("Nota?", ["1", "2", "3"], MultipleChoice: false))));
        var page = ChatThreadTests.Render(portal, thread);
        page.WaitForAssertion(() => Assert.Equal("0", page.Find($"[data-poll='{poll}'] [data-option='2']").GetAttribute("data-votes")));

        // The vote is stored as the engine stores it; only the event of this tenant tells the card to look again.
        await using (var db = portal.Contexts.ForTenant(thread.TenantId))
        {
            var message = await db.Messages.SingleAsync(m => m.Id == poll);
            message.Votes = MessageContent.Write(new Dictionary<string, int[]> { ["5511988887777@c.us"] = [2] });
            await db.SaveChangesAsync();
        }
        portal.Events.Publish(new PollVoteRecorded(Guid.NewGuid(), thread.InstanceId, DateTime.UtcNow, poll, "5511988887777@c.us", [2]));
        portal.Events.Publish(new PollVoteRecorded(thread.TenantId, thread.InstanceId, DateTime.UtcNow, Guid.NewGuid(), "5511988887777@c.us", [0]));
        Assert.Equal("0", page.Find($"[data-poll='{poll}'] [data-option='2']").GetAttribute("data-votes"));
        portal.Events.Publish(new PollVoteRecorded(thread.TenantId, thread.InstanceId, DateTime.UtcNow, poll, "5511988887777@c.us", [2]));

        page.WaitForAssertion(() => Assert.Equal("1", page.Find($"[data-poll='{poll}'] [data-option='2']").GetAttribute("data-votes")));
    }

    [Fact]
    public async Task The_plus_menus_poll_dialog_shows_a_refusal_in_the_readers_language_then_sends_and_the_thread_shows_the_poll()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var popovers = portal.Context.Render<MudPopoverProvider>();
        var dialogs = portal.Context.Render<MudDialogProvider>();
        var L = portal.Services.GetRequiredService<IStringLocalizer<PortalText>>();
        var page = ChatThreadTests.Render(portal, thread);

        // The waits are awaited, not blocked on: a blocked test thread starved the renderer's dispatcher under a parallel
        // run (failed once in CI). The click that opens the dialog stays synchronous: its handler awaits the dialog's
        // result, so an awaited click would never complete.
        (await page.WaitForElementAsync("#composer-share button")).Click();
        (await popovers.WaitForElementAsync("[data-share='poll']")).Click();
        await (await dialogs.WaitForElementAsync("#share-poll-question")).ChangeAsync("Nota?");
        await dialogs.ChangeAsync("#share-poll-options", "Boa");
        await dialogs.ClickAsync("#share-send");
        await dialogs.WaitForAssertionAsync(() => Assert.Equal(L["A poll has {0} to {1} options; this one has {2}.", 2, 12, 1].Value, dialogs.Find("#share-error").TextContent.Trim()));
        await using (var db = portal.Contexts.ForTenant(thread.TenantId))
            Assert.False(await db.Messages.AnyAsync());

        await dialogs.ChangeAsync("#share-poll-options", "Boa\nRuim");
        await dialogs.ClickAsync("#share-send");

        await page.WaitForAssertionAsync(() => Assert.Equal(["Boa", "Ruim"], page.FindAll("[data-poll] [data-option] span:first-child").Select(o => o.TextContent)));
        await using var after = portal.Contexts.ForTenant(thread.TenantId);
        var queued = await after.Messages.SingleAsync();
        Assert.Equal((MessageType.Poll, MessageStatus.Queued), (queued.Type, queued.Status));
        Assert.Equal("Nota?", MessageContent.Poll(queued)!.Question);
    }
}
