using System.Collections.Frozen;

namespace WhatsPortal.Engine.Outbound;

/// <summary>
/// Which files WhatsApp takes, by MIME type: the image, video and audio formats it shows or plays inline,
/// and anything application/* or text/* as a document. Other images, videos or sounds would arrive
/// broken, so they are refused with advice to send them as documents.
/// </summary>
public static class SupportedMedia
{
    private static readonly FrozenSet<string> Inline = new[]
    {
        "image/jpeg", "image/png", "image/webp", "image/gif",
        "video/mp4", "video/3gpp",
        "audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac", "audio/amr", "audio/opus",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why a file of <paramref name="mimeType"/> cannot be sent, as the refusal to throw, or null when it can.</summary>
    public static InvalidOutboundMessageException? Refusal(string? mimeType)
    {
        var essence = mimeType?.Split(';')[0].Trim() ?? "";
        var slash = essence.IndexOf('/');
        if (slash <= 0 || slash == essence.Length - 1 || essence.IndexOf('/', slash + 1) >= 0 || essence.Any(char.IsWhiteSpace))
            return new InvalidOutboundMessageException(OutboundFields.MediaMimeType, "The media file needs a MIME type such as image/jpeg or application/pdf.");
        var kind = essence[..slash].ToLowerInvariant();
        if (kind is "application" or "text" || Inline.Contains(essence)) return null;
        if (kind is "image" or "video" or "audio")
            return new InvalidOutboundMessageException(OutboundFields.MediaMimeType, "WhatsApp does not show {0} inline; send it as a document (e.g. mimeType application/octet-stream) or convert it to one of {1}.",
                essence, string.Join(", ", Inline.Where(t => t.StartsWith(kind + "/", StringComparison.Ordinal))));
        return new InvalidOutboundMessageException(OutboundFields.MediaMimeType, "{0} is not a media type WhatsApp can send; use an image, video, audio or document type.", essence);
    }
}
