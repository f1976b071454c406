using Bunit;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;

namespace WhatsPortal.Tests.Components;

/// <summary>The thread shows the contact typing or recording, live from the engine's presence events of its own chat.</summary>
public sealed class ChatPresenceTests
{
    private const string Contact = "5511988887777@c.us";

    [Fact]
    public async Task The_contact_typing_shows_under_the_name_until_their_message_arrives()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var page = ChatThreadTests.Render(portal, thread);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#composer")));

        portal.Events.Publish(new PresenceUpdated(thread.TenantId, thread.InstanceId, DateTime.UtcNow, Contact, "recording", true));
        page.WaitForAssertion(() => Assert.Equal("recording", page.Find("#presence").GetAttribute("data-state")));
        Assert.Equal("recording audio…", page.Find("#presence").TextContent);
        portal.Events.Publish(new PresenceUpdated(thread.TenantId, thread.InstanceId, DateTime.UtcNow, Contact, "composing", true));
        page.WaitForAssertion(() => Assert.Equal("typing…", page.Find("#presence").TextContent));

        var arrived = await thread.StoreAsync(portal, MessageDirection.Inbound, "Oi");
        portal.Events.Publish(new MessageStored(thread.TenantId, thread.InstanceId, DateTime.UtcNow, arrived, thread.ChatId, MessageDirection.Inbound));
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#presence")));
    }

    [Fact]
    public async Task Another_chats_or_another_tenants_presence_does_not_show()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var page = ChatThreadTests.Render(portal, thread);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#composer")));

        portal.Events.Publish(new PresenceUpdated(Guid.NewGuid(), thread.InstanceId, DateTime.UtcNow, Contact, "composing", true));
        portal.Events.Publish(new PresenceUpdated(thread.TenantId, thread.InstanceId, DateTime.UtcNow, "5511977776666@c.us", "composing", true));
        // Published after theirs: when it shows, theirs would have.
        portal.Events.Publish(new InstanceStatusChanged(thread.TenantId, thread.InstanceId, DateTime.UtcNow, InstanceStatus.Stopped, InstanceStatus.Connected, null));
        page.WaitForAssertion(() => Assert.Equal("connected", page.Find($"[data-status-for='{thread.InstanceId}']").GetAttribute("data-status")));
        Assert.Empty(page.FindAll("#presence"));
    }
}
