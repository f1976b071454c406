using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Web.Infrastructure;
using WhatsPortal.Web.Integration;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Web.Components.Instances;

/// <summary>
/// What the instance pages load besides themselves: the QR image, message media and contacts' pictures. Everything goes through the request's tenant-scoped context, so another
/// tenant's instance is not found (404), exactly as one that does not exist.
/// </summary>
public static class PortalInstanceEndpoints
{
    public static IEndpointRouteBuilder MapPortalInstances(this IEndpointRouteBuilder app)
    {
        var instance = app.MapGroup("/portal/instances/{id:guid}").RequireAuthorization().ExcludeFromDescription();
        instance.MapGet("/qr.svg", QrImage);
        instance.MapGet("/media/{messageId:guid}", Media);
        instance.MapGet("/contacts/{number}/picture", ContactPicture);
        return app;
    }

    private static async Task<IResult> QrImage(Guid id, HttpContext http, WhatsPortalDbContext db, IWhatsAppEngine engine, QrCodeRenderer renderer, CancellationToken ct)
    {
        if (!await db.Instances.AnyAsync(i => i.Id == id, ct) || await engine.GetQrAsync(id) is not { } qr) return TypedResults.NotFound();
        // A QR is valid for seconds; no cache may keep one.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(renderer.RenderSvg(qr.Code, pixelsPerModule: 6), "image/svg+xml");
    }

    /// <summary>The contact's profile picture, fetched now from where WhatsApp Web says it is (the page's CSP allows images of this origin only).</summary>
    private static async Task<IResult> ContactPicture(Guid id, string number, HttpContext http, ContactQueries contacts, ProfilePictureFetcher fetcher, CancellationToken ct)
    {
        if ((await contacts.ProfilePictureAsync(id, number, ct)).Value?.Url is not { } url || await fetcher.FetchAsync(url, ct) is not { } picture)
            return TypedResults.NotFound();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, max-age=300";
        return TypedResults.File(picture.Bytes, picture.MimeType);
    }

    private static async Task<IResult> Media(Guid id, Guid messageId, HttpContext http, WhatsPortalDbContext db, EnginePaths paths, CancellationToken ct)
    {
        if (await StoredMedia.FindAsync(db, paths, id, messageId, ct) is not { } media) return TypedResults.NotFound();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (StoredMedia.IsRasterImage(media.MimeType)) return TypedResults.PhysicalFile(media.FullPath, media.MimeType);
        // Players seek through ranges.
        if (StoredMedia.IsPlayable(media.MimeType)) return TypedResults.PhysicalFile(media.FullPath, media.MimeType, enableRangeProcessing: true);
        return TypedResults.PhysicalFile(media.FullPath, "application/octet-stream", media.DownloadName);
    }
}
