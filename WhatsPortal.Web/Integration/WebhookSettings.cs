using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Integration;

/// <summary>The one way a webhook's settings are stored, for an instance's and the tenant's alike.</summary>
public static class WebhookSettings
{
    /// <summary>URL, event selection and secret to store: none without a URL; a secret is made when there is none yet.</summary>
    public static (string? Url, string? Events, string? Secret) Resolve(string? url, string? events, string? requestedSecret, string? currentSecret) =>
        string.IsNullOrWhiteSpace(url) ? (null, null, null) : (url.Trim(), events, requestedSecret ?? currentSecret ?? WebhookSigner.NewSecret());
}
