using Microsoft.AspNetCore.WebUtilities;

namespace WhatsPortal.Web.Components.Shared;

/// <summary>
/// A one-line message carried to the page an action redirects back to (?notice=), shown as an alert. The link carries
/// the English text; <see cref="Notice"/> translates it where it is shown.
/// </summary>
public static class PortalNotice
{
    public const string QueryKey = "notice";

    public static string Append(string url, string notice) => QueryHelpers.AddQueryString(url, QueryKey, notice);
}
