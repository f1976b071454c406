using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Infrastructure;

/// <summary>
/// A message's media file as kept under the data directory, sent or received. Looked up through the request's
/// tenant-scoped context, so another tenant's message is not found, as one that does not exist.
/// </summary>
public sealed record StoredMedia(string FullPath, string MimeType, string DownloadName)
{
    /// <summary>Anything a stranger sent could be HTML or SVG with script: only raster images may be shown inline.</summary>
    public static bool IsRasterImage(string? mimeType) =>
        mimeType is not null && mimeType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && !mimeType.Contains("svg", StringComparison.OrdinalIgnoreCase);

    /// <summary>Sound and video run no script, so the thread's players get them with their own type.</summary>
    public static bool IsPlayable(string? mimeType) =>
        mimeType is not null && (mimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) || mimeType.StartsWith("video/", StringComparison.OrdinalIgnoreCase));

    public static async Task<StoredMedia?> FindAsync(WhatsPortalDbContext db, EnginePaths paths, Guid instanceId, Guid messageId, CancellationToken ct)
    {
        var media = await db.Messages.AsNoTracking().Where(m => m.Id == messageId && m.InstanceId == instanceId && m.MediaPath != null)
            .Select(m => new { m.MediaPath, m.MediaMimeType, m.MediaFileName }).SingleOrDefaultAsync(ct);
        if (media is null || paths.ResolveMediaPath(media.MediaPath!) is not { } file || !File.Exists(file)) return null;
        return new StoredMedia(file, media.MediaMimeType ?? "application/octet-stream", media.MediaFileName ?? Path.GetFileName(file));
    }
}
