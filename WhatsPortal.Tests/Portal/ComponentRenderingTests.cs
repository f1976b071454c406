using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Components;
using WhatsPortal.Web.Components.Chats;
using WhatsPortal.Web.Components.Instances;

namespace WhatsPortal.Tests.Portal;

public sealed class ComponentRenderingTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    private static Message Outbound(MessageStatus status, string? text = "Olá") => new()
    {
        InstanceId = Guid.NewGuid(), ChatId = Guid.NewGuid(), Direction = MessageDirection.Outbound, Status = status, Type = MessageType.Text, Text = text,
        CreatedAt = new DateTime(2026, 11, 22, 15, 30, 0, DateTimeKind.Utc),
    };

    [Fact]
    public async Task Message_text_is_shown_as_text_never_as_markup()
    {
        var message = Outbound(MessageStatus.Sent, Hostile);
        var html = await ComponentRenderer.RenderAsync<MessageBubble>(new() { [nameof(MessageBubble.Message)] = message });
        Assert.Equal(Hostile, html.QuerySelector(".msg-text")!.TextContent);
        Assert.Null(html.QuerySelector("img"));
    }

    [Theory]
    [InlineData(MessageStatus.Queued, "bi-clock")]
    [InlineData(MessageStatus.Sent, "bi-check2")]
    [InlineData(MessageStatus.Delivered, "bi-check2-all")]
    [InlineData(MessageStatus.Read, "bi-check2-all")]
    public async Task An_outbound_message_shows_its_ack_state(MessageStatus status, string icon)
    {
        var message = Outbound(status);
        var html = await ComponentRenderer.RenderAsync<MessageBubble>(new() { [nameof(MessageBubble.Message)] = message });
        var ack = html.QuerySelector($"#ack-{message.Id}")!;
        Assert.Equal(status.ToString().ToLowerInvariant(), ack.GetAttribute("data-status"));
        Assert.NotNull(ack.QuerySelector($"i.{icon}"));
    }

    [Fact]
    public async Task Images_are_shown_and_other_media_downloads()
    {
        var image = Outbound(MessageStatus.Read, null);
        image.Type = MessageType.Image;
        image.MediaPath = "media/x/y.jpg";
        image.MediaMimeType = "image/jpeg";
        var shown = await ComponentRenderer.RenderAsync<MessageBubble>(new() { [nameof(MessageBubble.Message)] = image });
        Assert.Equal($"portal/instances/{image.InstanceId}/media/{image.Id}", shown.QuerySelector("img.msg-image")!.GetAttribute("src"));

        // An "image" that is SVG could carry script: the media endpoint serves it as a download, so the bubble offers one.
        image.MediaMimeType = "image/svg+xml";
        var vector = await ComponentRenderer.RenderAsync<MessageBubble>(new() { [nameof(MessageBubble.Message)] = image });
        Assert.Null(vector.QuerySelector("img"));
        Assert.NotNull(vector.QuerySelector("a.msg-file"));

        var document = Outbound(MessageStatus.Read, "Seu orçamento");
        document.Type = MessageType.Document;
        document.MediaPath = "media/x/z.pdf";
        document.MediaFileName = "orcamento.pdf";
        var downloaded = await ComponentRenderer.RenderAsync<MessageBubble>(new() { [nameof(MessageBubble.Message)] = document });
        Assert.Equal("orcamento.pdf", downloaded.QuerySelector("a.msg-file")!.GetAttribute("download"));
        Assert.Null(downloaded.QuerySelector("img"));
    }

    [Fact]
    public async Task A_received_file_that_was_not_kept_says_so_instead_of_an_empty_bubble()
    {
        var document = Outbound(MessageStatus.Received, null);
        document.Direction = MessageDirection.Inbound;
        document.Type = MessageType.Document;
        document.MediaFileName = "catalogo.pdf";
        document.Error = "The media file was not kept: larger than 1000 bytes.";
        var html = await ComponentRenderer.RenderAsync<MessageBubble>(new() { [nameof(MessageBubble.Message)] = document });
        var notice = html.QuerySelector(".msg-file")!;
        Assert.Equal("catalogo.pdf: file not kept", notice.TextContent.Trim());
        Assert.Equal(document.Error, notice.GetAttribute("title"));
        Assert.Null(html.QuerySelector("a"));
    }

    [Fact]
    public async Task Contact_names_in_the_chat_list_are_encoded()
    {
        var instanceId = Guid.NewGuid();
        Chat[] chats = [new() { InstanceId = instanceId, RemoteId = "5511988887777@c.us", Name = Hostile, UnreadCount = 2, LastMessagePreview = Hostile }];
        var html = await ComponentRenderer.RenderAsync<ChatList>(new() { [nameof(ChatList.InstanceId)] = instanceId, [nameof(ChatList.Chats)] = chats });
        Assert.Contains(Hostile, html.QuerySelector("#chats")!.TextContent);
        Assert.Null(html.QuerySelector("img"));
        Assert.Equal("2", html.QuerySelector("[data-unread]")!.TextContent);
    }

    [Fact]
    public async Task The_QR_panel_points_at_a_new_image_for_each_QR_and_says_when_linked()
    {
        var id = Guid.NewGuid();
        var qr = new QrCode("2@abc", new DateTime(2026, 11, 22, 4, 0, 0, DateTimeKind.Utc));
        var waiting = await ComponentRenderer.RenderAsync<QrPanel>(new() { [nameof(QrPanel.InstanceId)] = id, [nameof(QrPanel.Status)] = InstanceStatus.Qr, [nameof(QrPanel.Qr)] = qr });
        Assert.Equal($"portal/instances/{id}/qr.svg?v={qr.ExpiresAt.Ticks}", waiting.QuerySelector("img.qr-image")!.GetAttribute("src"));
        Assert.DoesNotContain("2@abc", waiting.DocumentElement.OuterHtml);

        var linked = await ComponentRenderer.RenderAsync<QrPanel>(new() { [nameof(QrPanel.InstanceId)] = id, [nameof(QrPanel.Status)] = InstanceStatus.Connected });
        Assert.Null(linked.QuerySelector("img"));
        Assert.Contains("Linked to WhatsApp", linked.QuerySelector($"#qr-{id}")!.TextContent);
    }
}
