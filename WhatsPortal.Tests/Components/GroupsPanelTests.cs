using Bunit;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Components.Instances;

namespace WhatsPortal.Tests.Components;

/// <summary>
/// The Groups panel runs the API's group commands: their refusals show as text, and another tenant's instance is not
/// found. A group's thread names the sender of each received message, live too.
/// </summary>
public sealed class GroupsPanelTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";
    private const string GroupId = "120363012345678901@g.us";

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Member)]
    public async Task Refusals_show_as_text_a_bad_subject_a_bad_number_and_an_instance_not_running(string role)
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync(role);
        await portal.SignInAsync(user);
        var instance = await InstancePageTests.SeedAsync(portal, tenant.Id, "sales");
        var panel = portal.Context.Render<GroupsPanel>(p => p.Add(x => x.InstanceId, instance.Id));
        panel.WaitForAssertion(() => Assert.Contains("The instance is not running; start it first.", panel.Find("#groups-error").TextContent));

        await panel.ClickAsync("#create-group");
        panel.WaitForAssertion(() => Assert.Contains("A group's subject has 1 to 100 characters.", panel.Find("#groups-error").TextContent));

        await panel.ChangeAsync("#new-group-subject", "Entregas");
        await panel.ChangeAsync("#new-group-participants", $"5511988887777\n{Hostile}");
        await panel.ClickAsync("#create-group");
        panel.WaitForAssertion(() => Assert.Contains($"'{Hostile}' is not a phone number with country code", panel.Find("#groups-error").TextContent));
        Assert.Empty(panel.FindAll("img[src=x]"));
    }

    [Fact]
    public async Task Another_tenants_instance_is_not_found()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (theirs, _) = await portal.CreateTenantUserAsync();
        var (_, user) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);
        var instance = await InstancePageTests.SeedAsync(portal, theirs.Id, "theirs");
        var panel = portal.Context.Render<GroupsPanel>(p => p.Add(x => x.InstanceId, instance.Id));

        panel.WaitForAssertion(() => Assert.Equal("Not found", panel.Find("#groups-error").TextContent));
    }

    [Fact]
    public async Task A_groups_thread_names_who_wrote_each_received_message_live_and_another_tenants_event_does_not_arrive()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        await using (var db = portal.Contexts.ForTenant(thread.TenantId))
            await db.Chats.Where(c => c.Id == thread.ChatId).ExecuteUpdateAsync(s => s.SetProperty(c => c.RemoteId, GroupId));
        var byNumber = await thread.StoreAsync(portal, MessageDirection.Inbound, "Saindo agora", m => m.SenderId = "5511977770031@c.us");
        var mine = await thread.StoreAsync(portal, MessageDirection.Outbound, "Ok");
        var page = ChatThreadTests.Render(portal, thread);
        page.WaitForAssertion(() => Assert.Equal("+5511977770031", page.Find($"[data-message='{byNumber}'] .msg-sender").TextContent.Trim()));
        Assert.Empty(page.FindAll($"[data-message='{mine}'] .msg-sender"));

        var smuggled = await thread.StoreAsync(portal, MessageDirection.Inbound, "smuggled", m => m.SenderId = "5511900000000@c.us");
        var byLid = await thread.StoreAsync(portal, MessageDirection.Inbound, "Alguém viu o síndico?", m => m.SenderId = $"{Hostile}@lid");
        portal.Events.Publish(new MessageStored(Guid.NewGuid(), thread.InstanceId, DateTime.UtcNow, smuggled, thread.ChatId, MessageDirection.Inbound));
        portal.Events.Publish(new MessageStored(thread.TenantId, thread.InstanceId, DateTime.UtcNow, byLid, thread.ChatId, MessageDirection.Inbound));

        page.WaitForAssertion(() => Assert.Equal($"LID {Hostile}@lid", page.Find($"[data-message='{byLid}'] .msg-sender").TextContent.Trim()));
        Assert.Empty(page.FindAll($"[data-message='{smuggled}']"));
        Assert.Empty(page.FindAll("img[src=x]"));
    }

    [Fact]
    public async Task A_persons_thread_names_no_sender()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var received = await thread.StoreAsync(portal, MessageDirection.Inbound, "Oi", m => m.SenderId = "5511988887777@c.us");
        var page = ChatThreadTests.Render(portal, thread);
        page.WaitForAssertion(() => Assert.Equal("Oi", page.Find($"[data-message='{received}'] .msg-text").TextContent));
        Assert.Empty(page.FindAll(".msg-sender"));
    }
}
