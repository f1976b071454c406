using Microsoft.Extensions.Options;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Infrastructure;

/// <summary>
/// Fetches a contact's profile picture from where WhatsApp Web says it is, for the portal, whose pages load images from
/// their own origin only (CSP img-src 'self'). Only WhatsApp's picture host (https, *.whatsapp.net) and the origin of
/// the WhatsApp Web the engine opens (the sandbox) are fetched: a page that answered another link cannot make the portal
/// reach other hosts.
/// </summary>
public sealed class ProfilePictureFetcher(IHttpClientFactory clients, IOptions<EngineOptions> engine, ILogger<ProfilePictureFetcher> logger)
{
    public const string HttpClientName = "profile-pictures";

    /// <summary>WhatsApp's full-size pictures are well under this.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    public sealed record Picture(byte[] Bytes, string MimeType);

    /// <returns>The image, or null when the link is not a picture host's, or its answer is not a raster image within the bound.</returns>
    public async Task<Picture?> FetchAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !IsPictureHost(uri)) return null;
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(uri, ct);
            var type = response.Content.Headers.ContentType?.MediaType;
            return response.IsSuccessStatusCode && StoredMedia.IsRasterImage(type)
                ? new Picture(await response.Content.ReadAsByteArrayAsync(ct), type!)
                : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogInformation(ex, "Could not fetch a profile picture from {Host}", uri.Host);
            return null;
        }
    }

    private bool IsPictureHost(Uri uri) =>
        (uri.Scheme == Uri.UriSchemeHttps && uri.Host.EndsWith(".whatsapp.net", StringComparison.OrdinalIgnoreCase))
        || (Uri.TryCreate(engine.Value.WhatsAppWebUrl, UriKind.Absolute, out var web)
            && Uri.Compare(uri, web, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0);
}
