using Microsoft.AspNetCore.WebUtilities;

namespace WhatsPortal.Web.Components.Shared;

/// <summary>
/// A one-line message carried to the page an action redirects back to (?notice=), shown as an alert. The link carries
/// the text already in the reader's language: the action knows it (the same request culture as the page).
/// </summary>
public static class PortalNotice
{
    public const string QueryKey = "notice";

    public static string Append(string url, string notice) => QueryHelpers.AddQueryString(url, QueryKey, notice);
}
