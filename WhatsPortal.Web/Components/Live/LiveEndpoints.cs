using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Components.Chats;
using WhatsPortal.Web.Components.Instances;

namespace WhatsPortal.Web.Components.Live;

/// <summary>
/// The portal's live stream: engine events of the user's own tenant, as server-rendered HTML fragments over
/// server-sent events, for htmx's SSE extension to swap in (see <see cref="LiveStream"/>). The same components
/// render a fragment and the full page, so a live update looks exactly like a reload.
/// </summary>
public static class LiveEndpoints
{
    public const string EventName = "update";

    public static IEndpointRouteBuilder MapPortalLive(this IEndpointRouteBuilder app)
    {
        app.MapGet("/portal/live", Stream).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task Stream(HttpContext http, Guid? instance, Guid? chat, IEngineEvents events, IWhatsAppEngine engine,
        WhatsPortalDbContext db, ILoggerFactory loggers, CancellationToken ct)
    {
        // Only a tenant's own events; the operator has no tenant and so gets an empty stream here.
        var tenant = http.User.GetTenantId();
        if (tenant is null || (instance is { } id && !await db.Instances.AnyAsync(i => i.Id == id, ct)))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        // Subscribe before the first flush: nothing published after the browser knows it is connected is missed.
        var subscription = events.SubscribeAsync(ct).GetAsyncEnumerator(ct);
        await http.Response.WriteAsync(": connected\n\n", ct);
        await http.Response.Body.FlushAsync(ct);

        await using var renderer = new HtmlRenderer(http.RequestServices, loggers);
        var fragments = new LiveFragments(renderer, engine, db);
        try
        {
            while (await subscription.MoveNextAsync())
            {
                var engineEvent = subscription.Current;
                if (engineEvent.TenantId != tenant || (instance is { } only && engineEvent.InstanceId != only)) continue;
                var html = await fragments.RenderAsync(engineEvent, instance is not null, chat, ct);
                if (html is null) continue;
                await http.Response.WriteAsync(ToServerSentEvent(html), ct);
                await http.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser left the page.
        }
        finally
        {
            await subscription.DisposeAsync();
        }
    }

    /// <summary>One SSE event; every line of the HTML is its own data line, as the format requires.</summary>
    internal static string ToServerSentEvent(string html)
    {
        var text = new StringBuilder($"event: {EventName}\n");
        foreach (var line in html.Split('\n')) text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        return text.Append('\n').ToString();
    }
}

/// <summary>Turns an engine event into the out-of-band fragments the open page needs.</summary>
internal sealed class LiveFragments(HtmlRenderer renderer, IWhatsAppEngine engine, WhatsPortalDbContext db)
{
    public async Task<string?> RenderAsync(EngineEvent engineEvent, bool instancePage, Guid? chat, CancellationToken ct)
    {
        switch (engineEvent)
        {
            case InstanceStatusChanged changed:
                var badge = await RenderAsync<StatusBadge>(new() { [nameof(StatusBadge.Status)] = changed.To, [nameof(StatusBadge.InstanceId)] = changed.InstanceId, [nameof(StatusBadge.OutOfBand)] = true });
                return instancePage ? badge + await QrPanelAsync(changed.InstanceId, changed.To) : badge;
            case QrCodeChanged when instancePage:
                var status = engine.GetStatus(engineEvent.InstanceId) ?? InstanceStatus.Stopped;
                return await QrPanelAsync(engineEvent.InstanceId, status);
            case MessageStored stored when stored.ChatId == chat:
                var message = await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == stored.MessageId, ct);
                if (message is null) return null;
                var bubble = await RenderAsync<MessageBubble>(new() { [nameof(MessageBubble.Message)] = message });
                return $"<div hx-swap-oob=\"beforeend:#thread-{chat}\">{bubble}</div>";
            case MessageStatusChanged acked when chat is not null:
                return await RenderAsync<Chats.AckMark>(new() { [nameof(Chats.AckMark.MessageId)] = acked.MessageId, [nameof(Chats.AckMark.Status)] = acked.Status, [nameof(Chats.AckMark.OutOfBand)] = true });
            default:
                return null;
        }
    }

    private Task<string> QrPanelAsync(Guid instanceId, InstanceStatus status) =>
        RenderAsync<QrPanel>(new()
        {
            [nameof(QrPanel.InstanceId)] = instanceId,
            [nameof(QrPanel.Status)] = status,
            [nameof(QrPanel.Qr)] = status == InstanceStatus.Qr ? engine.GetQr(instanceId) : null,
            [nameof(QrPanel.OutOfBand)] = true,
        });

    private Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent =>
        renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
}
