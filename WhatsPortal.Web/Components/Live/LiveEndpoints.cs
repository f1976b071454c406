using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Authentication;
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

    private static async Task<IResult> Stream(HttpContext http, Guid? instance, bool? log, IEngineEvents events, IWhatsAppEngine engine,
        WhatsPortalDbContext tenantDb, WhatsPortalDbContextFactory contexts, ILoggerFactory loggers, CancellationToken ct)
    {
        // A tenant user gets their own tenant's events. The operator has no tenant: for the all-instances page only, the
        // stream carries every tenant's status badges, and nothing else (no instance page).
        var tenant = http.User.GetTenantId();
        var acrossTenants = tenant is null && instance is null && http.User.IsInRole(Roles.Admin);
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
            yield return await fragments.CurrentStateAsync(instance, ct);
            while (await next)
            {
                var engineEvent = subscription.Current;
                next = subscription.MoveNextAsync();
                if ((!acrossTenants && engineEvent.TenantId != tenant) || (instance is { } only && engineEvent.InstanceId != only)) continue;
                if (await fragments.RenderAsync(engineEvent, instance is not null, log == true, ct) is { Length: > 0 } html)
                    yield return html;
            }
        }
    }
}

/// <summary>Turns an engine event into the out-of-band fragments the open page needs.</summary>
internal sealed class LiveFragments(HtmlRenderer renderer, IWhatsAppEngine engine, WhatsPortalDbContext db)
{
    /// <summary>Badges, and on an instance page its QR panel.</summary>
    public async Task<string> CurrentStateAsync(Guid? instance, CancellationToken ct)
    {
        var html = new StringBuilder();
        var instances = await db.Instances.AsNoTracking().Where(i => instance == null || i.Id == instance)
            .Select(i => new { i.Id, i.Status }).ToListAsync(ct);
        foreach (var i in instances)
        {
            var status = engine.GetStatus(i.Id) ?? i.Status;
            html.Append(await BadgeAsync(i.Id, status));
            if (instance is not null) html.Append(await QrPanelAsync(i.Id, status));
        }
        return html.ToString();
    }

    /// <param name="log">The page shows the instance's unfiltered log: status transitions are added to its top.</param>
    public async Task<string?> RenderAsync(EngineEvent engineEvent, bool instancePage, bool log, CancellationToken ct)
    {
        switch (engineEvent)
        {
            case InstanceStatusChanged changed:
                var badge = await BadgeAsync(changed.InstanceId, changed.To);
                if (!instancePage) return badge;
                return badge + await QrPanelAsync(changed.InstanceId, changed.To) + (log ? await LogLineAsync(changed, ct) : "");
            case QrCodeChanged when instancePage:
                var status = engine.GetStatus(engineEvent.InstanceId) ?? InstanceStatus.Stopped;
                return await QrPanelAsync(engineEvent.InstanceId, status);
            default:
                return null;
        }
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

    private Task<string> BadgeAsync(Guid instanceId, InstanceStatus status) =>
        RenderAsync<StatusBadge>(new() { [nameof(StatusBadge.Status)] = status, [nameof(StatusBadge.InstanceId)] = instanceId, [nameof(StatusBadge.OutOfBand)] = true });

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
