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
/// The portal's live stream: engine events of the user's own tenant (for the operator: every tenant's status badges),
/// as server-rendered HTML fragments over server-sent events, for htmx's SSE extension to swap in (see
/// <see cref="LiveStream"/>). The same components render a fragment and the full page, so a live update looks exactly
/// like a reload.
/// </summary>
public static class LiveEndpoints
{
    public const string EventName = "update";

    public static IEndpointRouteBuilder MapPortalLive(this IEndpointRouteBuilder app)
    {
        app.MapGet("/portal/live", Stream).RequireAuthorization().ClosedWhenRevoked().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Stream(HttpContext http, Guid? instance, Guid? chat, Guid? after, bool? log, IEngineEvents events, IWhatsAppEngine engine,
        WhatsPortalDbContext tenantDb, WhatsPortalDbContextFactory contexts, ILoggerFactory loggers, CancellationToken ct)
    {
        // A tenant user gets their own tenant's events. The operator has no tenant: for the all-instances page only, the
        // stream carries every tenant's status badges, and nothing else (no instance page, no thread).
        var tenant = http.User.GetTenantId();
        var acrossTenants = tenant is null && instance is null && chat is null && http.User.IsInRole(Roles.Admin);
        if ((tenant is null && !acrossTenants) || (instance is { } id && !await tenantDb.Instances.AnyAsync(i => i.Id == id, ct)))
            return TypedResults.NotFound();
        return TypedResults.ServerSentEvents(UpdatesAsync(), EventName);

        async IAsyncEnumerable<string> UpdatesAsync()
        {
            await using var subscription = events.SubscribeAsync(ct).GetAsyncEnumerator(ct);
            // Started before the current state is read, so the subscription is open and nothing published meanwhile is missed.
            var next = subscription.MoveNextAsync();
            await using var operatorDb = acrossTenants ? contexts.AcrossTenants() : null;
            await using var renderer = new HtmlRenderer(http.RequestServices, loggers);
            var fragments = new LiveFragments(renderer, engine, operatorDb ?? tenantDb);
            // What changed between rendering the page and this connection (or while a connection was down) would otherwise
            // be lost: the stream starts with the current state. It always comes, even empty, because the response sends
            // its headers with its first event and the browser counts as connected only then.
            yield return await fragments.CurrentStateAsync(instance, chat, after, ct);
            while (await next)
            {
                var engineEvent = subscription.Current;
                next = subscription.MoveNextAsync();
                if ((!acrossTenants && engineEvent.TenantId != tenant) || (instance is { } only && engineEvent.InstanceId != only)) continue;
                if (await fragments.RenderAsync(engineEvent, instance is not null, chat, log == true, ct) is { Length: > 0 } html)
                    yield return html;
            }
        }
    }
}

/// <summary>Turns an engine event into the out-of-band fragments the open page needs.</summary>
internal sealed class LiveFragments(HtmlRenderer renderer, IWhatsAppEngine engine, WhatsPortalDbContext db)
{
    // Messages already appended by this stream: one stored while the current state was read must not appear twice.
    private readonly HashSet<Guid> _appended = [];

    /// <summary>On an instance page its QR panel, the ticks of the chat's unfinished messages, and messages newer than the page.</summary>
    public async Task<string> CurrentStateAsync(Guid? instance, Guid? chat, Guid? after, CancellationToken ct)
    {
        var html = new StringBuilder();
        if (instance is { } instanceId && await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => (InstanceStatus?)i.Status).SingleOrDefaultAsync(ct) is { } stored)
            html.Append(await QrPanelAsync(instanceId, engine.GetStatus(instanceId) ?? stored));
        if (chat is { } chatId)
        {
            var pending = await db.Messages.AsNoTracking()
                .Where(m => m.ChatId == chatId && m.Direction == MessageDirection.Outbound && m.Status != MessageStatus.Read)
                .OrderByDescending(m => m.CreatedAt).Take(50).Select(m => new { m.Id, m.Status }).ToListAsync(ct);
            foreach (var m in pending) html.Append(await AckAsync(m.Id, m.Status));
            if (after is { } anchorId && await db.Messages.AsNoTracking().Where(m => m.Id == anchorId && m.ChatId == chatId).Select(m => (DateTime?)m.CreatedAt).SingleOrDefaultAsync(ct) is { } since)
            {
                var newer = await db.Messages.AsNoTracking().Where(m => m.ChatId == chatId && m.CreatedAt > since && m.Id != anchorId)
                    .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(100).ToListAsync(ct);
                foreach (var message in newer) html.Append(await AppendAsync(message));
            }
        }
        return html.ToString();
    }

    /// <param name="log">The page shows the instance's unfiltered log: status transitions are added to its top.</param>
    public async Task<string?> RenderAsync(EngineEvent engineEvent, bool instancePage, Guid? chat, bool log, CancellationToken ct)
    {
        switch (engineEvent)
        {
            // Status chips follow the engine over the circuit (LiveEvents), no longer over this stream.
            case InstanceStatusChanged changed when instancePage:
                return await QrPanelAsync(changed.InstanceId, changed.To) + (log ? await LogLineAsync(changed, ct) : "");
            case QrCodeChanged when instancePage:
                var status = engine.GetStatus(engineEvent.InstanceId) ?? InstanceStatus.Stopped;
                return await QrPanelAsync(engineEvent.InstanceId, status);
            case MessageStored stored when instancePage && chat is null:
                // On the instance page: the chat list, re-rendered, so the chat moves up with its new preview and unread count.
                var chats = await db.Chats.AsNoTracking().Where(c => c.InstanceId == stored.InstanceId).OrderByDescending(c => c.LastMessageAt).Take(ChatList.PageSize).ToListAsync(ct);
                var list = await RenderAsync<ChatList>(new() { [nameof(ChatList.InstanceId)] = stored.InstanceId, [nameof(ChatList.Chats)] = chats });
                return $"<div id=\"chats-{stored.InstanceId}\" hx-swap-oob=\"true\">{list}</div>";
            case MessageStored stored when stored.ChatId == chat:
                var message = await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == stored.MessageId, ct);
                return message is null ? null : await AppendAsync(message);
            case MessageStatusChanged acked when chat is not null:
                return await AckAsync(acked.MessageId, acked.Status);
            default:
                return null;
        }
    }

    private async Task<string> AppendAsync(Message message)
    {
        if (!_appended.Add(message.Id)) return "";
        var bubble = await RenderAsync<MessageBubble>(new() { [nameof(MessageBubble.Message)] = message });
        return $"<div hx-swap-oob=\"beforeend:#thread-{message.ChatId}\">{bubble}</div>";
    }

    /// <summary>The transition's own log line, as the engine stored it before publishing the change.</summary>
    private async Task<string> LogLineAsync(InstanceStatusChanged changed, CancellationToken ct)
    {
        var line = await db.InstanceEvents.AsNoTracking()
            .Where(e => e.InstanceId == changed.InstanceId && e.FromStatus == changed.From && e.ToStatus == changed.To)
            .OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        if (line is null) return "";
        var row = await RenderAsync<EventLogRow>(new() { [nameof(EventLogRow.Event)] = line });
        return $"<ul hx-swap-oob=\"afterbegin:#event-log\">{row}</ul>";
    }

    private Task<string> AckAsync(Guid messageId, MessageStatus status) =>
        RenderAsync<AckMark>(new() { [nameof(AckMark.MessageId)] = messageId, [nameof(AckMark.Status)] = status, [nameof(AckMark.OutOfBand)] = true });

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
