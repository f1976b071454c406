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

    private static async Task<IResult> Stream(HttpContext http, Guid? instance, Guid? chat, Guid? after, IEngineEvents events, IWhatsAppEngine engine,
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
                if (await fragments.RenderAsync(engineEvent, chat, ct) is { Length: > 0 } html)
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

    /// <summary>Badges, the ticks of the chat's unfinished messages, and messages newer than the page.</summary>
    public async Task<string> CurrentStateAsync(Guid? instance, Guid? chat, Guid? after, CancellationToken ct)
    {
        var html = new StringBuilder();
        var instances = await db.Instances.AsNoTracking().Where(i => instance == null || i.Id == instance)
            .Select(i => new { i.Id, i.Status }).ToListAsync(ct);
        foreach (var i in instances)
        {
            var status = engine.GetStatus(i.Id) ?? i.Status;
            html.Append(await BadgeAsync(i.Id, status));
        }
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

    public async Task<string?> RenderAsync(EngineEvent engineEvent, Guid? chat, CancellationToken ct)
    {
        switch (engineEvent)
        {
            case InstanceStatusChanged changed:
                return await BadgeAsync(changed.InstanceId, changed.To);
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

    private Task<string> BadgeAsync(Guid instanceId, InstanceStatus status) =>
        RenderAsync<StatusBadge>(new() { [nameof(StatusBadge.Status)] = status, [nameof(StatusBadge.InstanceId)] = instanceId, [nameof(StatusBadge.OutOfBand)] = true });

    private Task<string> AckAsync(Guid messageId, MessageStatus status) =>
        RenderAsync<AckMark>(new() { [nameof(AckMark.MessageId)] = messageId, [nameof(AckMark.Status)] = status, [nameof(AckMark.OutOfBand)] = true });

    private Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent =>
        renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
}
