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
    public async Task A_live_status_badge_replaces_the_badge_of_its_instance()
    {
        var id = Guid.NewGuid();
        var html = await ComponentRenderer.RenderAsync<StatusBadge>(new() { [nameof(StatusBadge.Status)] = InstanceStatus.LoggedOut, [nameof(StatusBadge.InstanceId)] = id, [nameof(StatusBadge.OutOfBand)] = true });
        var badge = html.QuerySelector("span.status-badge")!;
        Assert.Equal($"status-{id}", badge.Id);
        Assert.Equal("logged_out", badge.GetAttribute("data-status"));
        Assert.Equal("true", badge.GetAttribute("hx-swap-oob"));
    }

    [Theory]
    [InlineData(InstanceStatus.Stopped, "start,delete")]
    [InlineData(InstanceStatus.Qr, "stop,restart,delete")]
    [InlineData(InstanceStatus.Connected, "stop,restart,logout,delete")]
    [InlineData(InstanceStatus.LoggedOut, "start,delete")]
    public async Task Instance_actions_fit_the_status_and_delete_asks_first(InstanceStatus status, string expected)
    {
        var id = Guid.NewGuid();
        var html = await ComponentRenderer.RenderAsync<InstanceActions>(new()
        {
            [nameof(InstanceActions.InstanceId)] = id, [nameof(InstanceActions.InstanceName)] = "sales",
            [nameof(InstanceActions.Status)] = status, [nameof(InstanceActions.ReturnUrl)] = $"/instances/{id}",
        });
        Assert.Equal(expected, string.Join(",", html.QuerySelectorAll("button[data-action]").Select(b => b.GetAttribute("data-action"))));
        var delete = html.QuerySelector($"form[action='portal/instances/{id}/delete']")!;
        Assert.Contains("cannot be undone", delete.GetAttribute("data-confirm"));
        Assert.All(html.QuerySelectorAll("form"), f =>
        {
            Assert.Equal("post", f.GetAttribute("method"));
            Assert.Equal(ComponentRenderer.Token, f.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value"));
        });
    }
}
