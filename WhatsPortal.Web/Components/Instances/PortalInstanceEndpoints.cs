using Microsoft.Extensions.Localization;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Web.Components.Shared;
using WhatsPortal.Web.Infrastructure;
using WhatsPortal.Web.Integration;
using WhatsPortal.Web.Resources;

namespace WhatsPortal.Web.Components.Instances;

/// <summary>
/// What the instance pages post to and load besides themselves: lifecycle actions (form posts, then back to the
/// page), the QR image and message media. Everything goes through the request's tenant-scoped context, so another
/// tenant's instance is not found (404), exactly as one that does not exist.
/// </summary>
public static class PortalInstanceEndpoints
{
    public static IEndpointRouteBuilder MapPortalInstances(this IEndpointRouteBuilder app)
    {
        var instance = app.MapGroup("/portal/instances/{id:guid}").RequireAuthorization().RequireAntiforgeryToken().ExcludeFromDescription();
        foreach (var (name, action) in LifecycleActions)
            instance.MapPost("/" + name, async (Guid id, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl, WhatsPortalDbContext db, IWhatsAppEngine engine, IStringLocalizer<PortalText> L, CancellationToken ct) =>
                !await db.Instances.AnyAsync(i => i.Id == id, ct)
                    ? TypedResults.NotFound()
                    // A deleted instance's page is gone: back to the dashboard.
                    : await RunAsync(() => action(engine, id, ct), name == "delete" ? "/" : Pages.Account.Login.LocalReturnUrl(returnUrl), L));
        instance.MapGet("/qr.svg", QrImage);
        instance.MapGet("/media/{messageId:guid}", Media);
        return app;
    }

    /// <summary>What the buttons of <see cref="InstanceActions"/> post, by the name in their URL; the tenant's pages and the
    /// operator's (AdminInstanceEndpoints) run the same engine commands.</summary>
    public static readonly IReadOnlyDictionary<string, Func<IWhatsAppEngine, Guid, CancellationToken, Task>> LifecycleActions =
        new Dictionary<string, Func<IWhatsAppEngine, Guid, CancellationToken, Task>>
        {
            ["start"] = (engine, id, ct) => engine.StartAsync(id, ct),
            ["stop"] = (engine, id, ct) => engine.StopAsync(id, ct),
            ["restart"] = (engine, id, ct) => engine.RestartAsync(id, ct),
            ["logout"] = (engine, id, ct) => engine.LogoutAsync(id, ct),
            ["delete"] = (engine, id, ct) => engine.DeleteAsync(id, ct),
        };

    /// <summary>Runs a lifecycle action of an instance the caller may act on, then back to <paramref name="back"/> (a local URL);
    /// the engine's refusal (e.g. too many running instances) becomes the page's notice, else <paramref name="done"/> does.</summary>
    public static async Task<IResult> RunAsync(Func<Task> operation, string back, IStringLocalizer<PortalText> L, string? done = null)
    {
        try
        {
            await operation();
        }
        catch (InstanceStateException ex)
        {
            return TypedResults.LocalRedirect(PortalNotice.Append(back, L.Of(ex.Sentence)));
        }
        catch (InstanceNotFoundException)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.LocalRedirect(done is null ? back : PortalNotice.Append(back, done));
    }

    private static async Task<IResult> QrImage(Guid id, HttpContext http, WhatsPortalDbContext db, IWhatsAppEngine engine, QrCodeRenderer renderer, CancellationToken ct)
    {
        if (!await db.Instances.AnyAsync(i => i.Id == id, ct) || engine.GetQr(id) is not { } qr) return TypedResults.NotFound();
        // A QR is valid for seconds; no cache may keep one.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(renderer.RenderSvg(qr.Code, pixelsPerModule: 6), "image/svg+xml");
    }

    private static async Task<IResult> Media(Guid id, Guid messageId, HttpContext http, WhatsPortalDbContext db, EnginePaths paths, CancellationToken ct)
    {
        if (await StoredMedia.FindAsync(db, paths, id, messageId, ct) is not { } media) return TypedResults.NotFound();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return StoredMedia.IsRasterImage(media.MimeType)
            ? TypedResults.PhysicalFile(media.FullPath, media.MimeType)
            : TypedResults.PhysicalFile(media.FullPath, "application/octet-stream", media.DownloadName);
    }
}
