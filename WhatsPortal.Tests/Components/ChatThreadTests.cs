using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Components.Pages.Chats;
using WhatsPortal.Web.Resources;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Tests.Components;

/// <summary>The thread page over the real services: history paged back, live messages and ticks, and the composer's refusals.</summary>
public sealed class ChatThreadTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task Messages_and_file_names_are_shown_as_text_and_opening_the_thread_reads_it()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal, chatName: Hostile, unread: 3);
        await thread.StoreAsync(portal, MessageDirection.Inbound, Hostile);
        var file = await thread.StoreAsync(portal, MessageDirection.Inbound, null, m =>
            (m.Type, m.MediaPath, m.MediaMimeType, m.MediaFileName) = (MessageType.Document, "media/x/a.pdf", "application/pdf", Hostile));

        var page = Render(portal, thread);

        page.WaitForAssertion(() => Assert.Equal(Hostile, page.Find("#thread .msg-in .msg-text").TextContent));
        Assert.Contains(Hostile, page.Find("h1").TextContent);
        Assert.Contains(Hostile, page.Find($"[data-message='{file}'] .msg-file").TextContent);
        Assert.Empty(page.FindAll("#thread img"));
        await using var db = portal.Contexts.ForTenant(thread.TenantId);
        Assert.Equal(0, (await db.Chats.SingleAsync(c => c.Id == thread.ChatId)).UnreadCount);
    }

    [Fact]
    public async Task Images_are_shown_through_the_media_endpoint_and_other_files_download()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var image = await thread.StoreAsync(portal, MessageDirection.Outbound, null, m =>
            (m.Type, m.MediaPath, m.MediaMimeType) = (MessageType.Image, "media/x/y.jpg", "image/jpeg"));
        // An "image" that is SVG could carry script: the media endpoint serves it as a download, so the bubble offers one.
        var vector = await thread.StoreAsync(portal, MessageDirection.Outbound, null, m =>
            (m.Type, m.MediaPath, m.MediaMimeType, m.MediaFileName) = (MessageType.Image, "media/x/z.svg", "image/svg+xml", "z.svg"));

        var page = Render(portal, thread);

        page.WaitForAssertion(() => Assert.Equal($"portal/instances/{thread.InstanceId}/media/{image}", page.Find($"[data-message='{image}'] img.msg-image").GetAttribute("src")));
        Assert.Empty(page.FindAll($"[data-message='{vector}'] img"));
        Assert.Equal("z.svg", page.Find($"[data-message='{vector}'] a.msg-file").GetAttribute("download"));
    }

    [Fact]
    public async Task Older_messages_load_when_the_top_comes_into_view()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var ids = new List<Guid>();
        for (var i = 0; i < 60; i++) ids.Add(await thread.StoreAsync(portal, MessageDirection.Inbound, $"m{i}", at: DateTime.UtcNow.AddMinutes(i - 100)));

        var page = Render(portal, thread);
        page.WaitForAssertion(() => Assert.Equal(50, page.FindAll("[data-message]").Count));
        Assert.Equal(ids[10].ToString(), page.Find("[data-message]").GetAttribute("data-message"));

        // What the page's IntersectionObserver calls when the top sentinel shows.
        await page.InvokeAsync(() => page.Instance.LoadOlderAsync(1000));

        var shown = page.FindAll("[data-message]").Select(m => m.GetAttribute("data-message")).ToList();
        Assert.Equal(ids.Select(i => i.ToString()), shown);
    }

    [Fact]
    public async Task A_malformed_or_foreign_before_in_the_link_says_precisely_what_is_wrong()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var older = await thread.StoreAsync(portal, MessageDirection.Inbound, "older", at: DateTime.UtcNow.AddMinutes(-2));
        var newer = await thread.StoreAsync(portal, MessageDirection.Inbound, "newer", at: DateTime.UtcNow.AddMinutes(-1));

        var malformed = Render(portal, thread, "?before=zzz");
        malformed.WaitForAssertion(() => Assert.StartsWith("'zzz' in this link is not a message of this chat.", malformed.Find("#bad-link").TextContent.Trim()));
        Assert.Empty(malformed.FindAll("#thread"));

        var unknown = Guid.NewGuid();
        var foreign = Render(portal, thread, $"?before={unknown}");
        foreign.WaitForAssertion(() => Assert.StartsWith($"'{unknown}' in this link", foreign.Find("#bad-link").TextContent.Trim()));

        var history = Render(portal, thread, $"?before={newer}");
        history.WaitForAssertion(() => Assert.Equal([older.ToString()], history.FindAll("[data-message]").Select(m => m.GetAttribute("data-message"))));
    }

    [Fact]
    public async Task A_message_stored_live_appears_and_another_tenants_event_does_not()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var page = Render(portal, thread);
        page.WaitForAssertion(() => page.Find("#thread"));

        // Two rows of this chat, stored after the page loaded: one announced by an event of another tenant (the circuit
        // must never deliver it), then one by this tenant's. When ours shows, theirs, published first, would have too.
        var smuggled = await thread.StoreAsync(portal, MessageDirection.Inbound, "smuggled");
        var arrived = await thread.StoreAsync(portal, MessageDirection.Inbound, "chegou ao vivo");
        portal.Events.Publish(new MessageStored(Guid.NewGuid(), thread.InstanceId, DateTime.UtcNow, smuggled, thread.ChatId, MessageDirection.Inbound));
        portal.Events.Publish(new MessageStored(thread.TenantId, thread.InstanceId, DateTime.UtcNow, arrived, thread.ChatId, MessageDirection.Inbound));

        page.WaitForAssertion(() => Assert.Equal("chegou ao vivo", page.Find($"[data-message='{arrived}'] .msg-text").TextContent));
        Assert.Empty(page.FindAll($"[data-message='{smuggled}']"));
        Assert.Equal(arrived.ToString(), page.FindAll("[data-message]")[^1].GetAttribute("data-message"));
    }

    [Fact]
    public async Task An_ack_turns_the_ticks_blue_live()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var sent = await thread.StoreAsync(portal, MessageDirection.Outbound, "Posso ajudar?", m => m.Status = MessageStatus.Sent);
        var page = Render(portal, thread);
        page.WaitForAssertion(() => Assert.Equal("sent", page.Find($"[data-ack-for='{sent}']").GetAttribute("data-status")));

        await using (var db = portal.Contexts.ForTenant(thread.TenantId))
            await db.Messages.Where(m => m.Id == sent).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Read));
        portal.Events.Publish(new MessageStatusChanged(thread.TenantId, thread.InstanceId, DateTime.UtcNow, sent, MessageStatus.Read, null));

        page.WaitForAssertion(() => Assert.Equal("read", page.Find($"[data-ack-for='{sent}']").GetAttribute("data-status")));
        Assert.Contains("ack-read", page.Find($"[data-ack-for='{sent}']").ClassList);
    }

    [Fact]
    public async Task The_composer_queues_the_message_and_shows_it_at_the_end()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var page = Render(portal, thread);
        page.WaitForAssertion(() => page.Find("#composer-text"));

        await page.InputAsync("#composer-text", "Posso ajudar?");
        await page.ClickAsync("#composer-send");

        await using var db = portal.Contexts.ForTenant(thread.TenantId);
        var queued = await db.Messages.SingleAsync(m => m.ChatId == thread.ChatId);
        Assert.Equal((MessageStatus.Queued, "Posso ajudar?"), (queued.Status, queued.Text));
        page.WaitForAssertion(() => Assert.Equal("Posso ajudar?", page.Find($"[data-message='{queued.Id}'].msg-out .msg-text").TextContent));
        Assert.Equal("queued", page.Find($"[data-ack-for='{queued.Id}']").GetAttribute("data-status"));
    }

    [Theory]
    [InlineData("120363012345678901@g.us", new[] { "5511977770031@c.us" })]
    [InlineData("5511988887777@c.us", new string[0])]
    public async Task In_a_group_the_composer_mentions_whom_the_text_names_as_at_number(string chat, string[] mentioned)
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal, remoteId: chat);
        var page = Render(portal, thread);
        page.WaitForAssertion(() => page.Find("#composer-text"));

        await page.InputAsync("#composer-text", "@5511977770031 fecha hoje? (pedido 123456789012345678)");
        await page.ClickAsync("#composer-send");

        await using var db = portal.Contexts.ForTenant(thread.TenantId);
        var queued = await db.Messages.SingleAsync(m => m.ChatId == thread.ChatId);
        Assert.Equal(mentioned, WhatsPortal.Engine.Outbound.Mentions.Of(queued));
    }

    [Fact]
    public async Task The_composer_refuses_an_empty_message_in_the_readers_language_and_a_file_over_the_limit()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("pt-BR");
        try
        {
            var page = Render(portal, thread);
            page.WaitForAssertion(() => page.Find("#composer-send"));
            var L = portal.Services.GetRequiredService<IStringLocalizer<PortalText>>();

            await page.ClickAsync("#composer-send");
            var empty = L["A message needs a text or a media file."].Value;
            Assert.NotEqual("A message needs a text or a media file.", empty);
            page.WaitForAssertion(() => Assert.Equal(empty, page.Find("#send-error").TextContent.Trim()));

            var max = EngineOptions.DefaultMaxMediaBytes;
            page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[max + 1], "grande.pdf", contentType: "application/pdf"));
            page.WaitForAssertion(() => Assert.Equal("grande.pdf", page.Find("#composer-file-name").TextContent.Trim()));
            await page.ClickAsync("#composer-send");
            page.WaitForAssertion(() => Assert.Equal(L["The media file is larger than {0} bytes.", max].Value, page.Find("#send-error").TextContent.Trim()));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
        await using var db = portal.Contexts.ForTenant(thread.TenantId);
        Assert.False(await db.Messages.AnyAsync(m => m.ChatId == thread.ChatId));
    }

    [Fact]
    public async Task The_composer_refuses_a_logged_out_instance_with_the_commands_sentence()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal, status: InstanceStatus.LoggedOut);
        var page = Render(portal, thread);
        page.WaitForAssertion(() => page.Find("#composer-text"));

        await page.InputAsync("#composer-text", "Oi");
        await page.ClickAsync("#composer-send");

        // The same sentence the API answers (MessagesApiTests.A_logged_out_instance_refuses_to_send...).
        page.WaitForAssertion(() => Assert.Equal("The instance is 'logged_out': start it and link it again before sending.", page.Find("#send-error").TextContent.Trim()));
        await using var db = portal.Contexts.ForTenant(thread.TenantId);
        Assert.False(await db.Messages.AnyAsync(m => m.ChatId == thread.ChatId));
    }

    [Fact]
    public async Task Another_tenants_chat_is_not_found_and_nothing_can_be_sent_through_it()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var theirs = await ChatSeed.ThreadAsync(portal);
        var mine = await ChatSeed.ThreadAsync(portal);
        var notFound = false;
        portal.Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => notFound = true;

        // Signed in as "mine", with their instance and chat ids in the address: a tampered link or circuit call.
        var page = Render(portal, mine, instanceId: theirs.InstanceId, chatId: theirs.ChatId);
        page.WaitForAssertion(() => Assert.True(notFound));
        Assert.Empty(page.FindAll("#thread"));

        var sent = await portal.Services.GetRequiredService<PortalOperations>().RunAsync<SendMessageCommand, CommandResult<QueuedMessage>>(send =>
            send.RunAsync(theirs.InstanceId, new SendMessage("5511988887777", "tampered"), CancellationToken.None));
        Assert.Equal(CommandStatus.NotFound, sent.Status);
        await using var db = portal.Contexts.AcrossTenants();
        Assert.False(await db.Messages.AnyAsync(m => m.InstanceId == theirs.InstanceId));
    }

    internal static IRenderedComponent<ChatThread> Render(PortalComponents portal, ChatSeed thread, string query = "", Guid? instanceId = null, Guid? chatId = null)
    {
        var (instance, chat) = (instanceId ?? thread.InstanceId, chatId ?? thread.ChatId);
        portal.Services.GetRequiredService<NavigationManager>().NavigateTo($"instances/{instance}/chats/{chat}{query}");
        return portal.Context.Render<ChatThread>(p => p.Add(c => c.InstanceId, instance).Add(c => c.ChatId, chat));
    }
}
