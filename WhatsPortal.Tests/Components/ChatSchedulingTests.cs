using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;

namespace WhatsPortal.Tests.Components;

/// <summary>The thread's composer schedules, and its list of scheduled messages cancels after asking and follows their status live.</summary>
public sealed class ChatSchedulingTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task The_composer_schedules_at_the_picked_date_and_time_and_the_list_cancels_it_after_confirming()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var dialogs = portal.RenderProviders();
        var page = ChatThreadTests.Render(portal, thread);
        page.WaitForAssertion(() => page.Find("#composer-schedule"));

        await page.ClickAsync("#composer-schedule");
        // The reader's zone is UTC here (no preference, no browser cookie).
        var day = DateTime.UtcNow.Date.AddDays(2);
        await page.InvokeAsync(() => page.FindComponent<MudDatePicker>().Instance.DateChanged.InvokeAsync(day));
        await page.InvokeAsync(() => page.FindComponent<MudTimePicker>().Instance.TimeChanged.InvokeAsync(new TimeSpan(9, 30, 0)));
        await page.InputAsync("#composer-text", Hostile);
        await page.ClickAsync("#composer-send");

        Message stored;
        await using (var db = portal.Contexts.ForTenant(thread.TenantId))
            stored = await db.Messages.SingleAsync(m => m.ChatId == thread.ChatId);
        Assert.Equal((MessageStatus.Scheduled, day.AddHours(9.5)), (stored.Status, stored.SendAt));
        page.WaitForAssertion(() => Assert.Equal(Hostile, page.Find($"[data-scheduled='{stored.Id}'] .scheduled-text").TextContent));
        Assert.Empty(page.FindAll("#scheduled img"));
        Assert.Equal("scheduled", page.Find($"[data-ack-for='{stored.Id}']").GetAttribute("data-status"));
        Assert.Empty(page.FindAll("#composer-schedule-fields"));

        // Declined first: nothing changes.
        var asking = page.ClickAsync($"[data-scheduled='{stored.Id}'] [data-action=cancel-scheduled]");
        await dialogs.ClickWhenShownAsync("#confirm-cancel");
        await asking;
        Assert.Equal(MessageStatus.Scheduled, await StatusAsync(portal, thread, stored.Id));

        asking = page.ClickAsync($"[data-scheduled='{stored.Id}'] [data-action=cancel-scheduled]");
        await dialogs.ClickWhenShownAsync("#confirm-ok");
        await asking;
        Assert.Equal(MessageStatus.Cancelled, await StatusAsync(portal, thread, stored.Id));
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#scheduled")));
        page.WaitForAssertion(() => Assert.Equal("cancelled", page.Find($"[data-ack-for='{stored.Id}']").GetAttribute("data-status")));
    }

    [Fact]
    public async Task Scheduling_without_a_time_or_in_the_past_is_refused_precisely_and_stores_nothing()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var page = ChatThreadTests.Render(portal, thread);
        page.WaitForAssertion(() => page.Find("#composer-schedule"));
        await page.ClickAsync("#composer-schedule");
        await page.InputAsync("#composer-text", "Lembrete");

        await page.InvokeAsync(() => page.FindComponent<MudDatePicker>().Instance.DateChanged.InvokeAsync(DateTime.UtcNow.Date.AddDays(1)));
        await page.ClickAsync("#composer-send");
        page.WaitForAssertion(() => Assert.Equal("Pick a date and a time to schedule the message.", page.Find("#send-error").TextContent.Trim()));

        await page.InvokeAsync(() => page.FindComponent<MudDatePicker>().Instance.DateChanged.InvokeAsync(DateTime.UtcNow.Date.AddDays(-1)));
        await page.InvokeAsync(() => page.FindComponent<MudTimePicker>().Instance.TimeChanged.InvokeAsync(new TimeSpan(8, 0, 0)));
        await page.ClickAsync("#composer-send");
        // The command's sentence, the same the API answers under sendAt.
        page.WaitForAssertion(() => Assert.StartsWith("sendAt must be in the future", page.Find("#send-error").TextContent.Trim()));

        await using var db = portal.Contexts.ForTenant(thread.TenantId);
        Assert.False(await db.Messages.AnyAsync(m => m.ChatId == thread.ChatId));
    }

    [Fact]
    public async Task A_scheduled_message_leaves_the_list_live_when_it_goes_out_and_another_tenants_event_changes_nothing()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var later = DateTime.UtcNow.AddDays(1);
        var staying = await thread.StoreAsync(portal, MessageDirection.Outbound, "staying", m => (m.Status, m.SendAt) = (MessageStatus.Scheduled, later));
        var leaving = await thread.StoreAsync(portal, MessageDirection.Outbound, "leaving", m => (m.Status, m.SendAt) = (MessageStatus.Scheduled, later.AddHours(1)));
        var page = ChatThreadTests.Render(portal, thread);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-scheduled]").Count));
        Assert.Equal([staying.ToString(), leaving.ToString()], page.FindAll("[data-scheduled]").Select(r => r.GetAttribute("data-scheduled")));

        // Theirs first (the circuit must never deliver it), then ours: when ours shows, theirs would have.
        portal.Events.Publish(new MessageStatusChanged(Guid.NewGuid(), thread.InstanceId, DateTime.UtcNow, staying, MessageStatus.Queued, null));
        portal.Events.Publish(new MessageStatusChanged(thread.TenantId, thread.InstanceId, DateTime.UtcNow, leaving, MessageStatus.Queued, null));

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-scheduled='{leaving}']")));
        Assert.Single(page.FindAll($"[data-scheduled='{staying}']"));
    }

    private static async Task<MessageStatus> StatusAsync(PortalComponents portal, ChatSeed thread, Guid messageId)
    {
        await using var db = portal.Contexts.ForTenant(thread.TenantId);
        return await db.Messages.Where(m => m.Id == messageId).Select(m => m.Status).SingleAsync();
    }
}
