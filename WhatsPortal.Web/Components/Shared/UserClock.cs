using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Components.Shared;

/// <summary>
/// Shows stored UTC times in the reader's time zone: the zone the user chose (a claim of the sign-in cookie) when there
/// is one, else the <c>tz</c> cookie a tiny script (wwwroot/js/portal.js) sets from the browser; UTC otherwise.
/// </summary>
public sealed class UserClock(CurrentUser user, IHttpContextAccessor http)
{
    public const string TimeZoneCookie = "tz";

    private TimeZoneInfo? _zone;

    public TimeZoneInfo Zone => _zone ??=
        UserPreferences.FindZone(user.Principal.FindFirst(WhatsPortalClaims.TimeZone)?.Value)
        // In a circuit, the request that opened it (the browser sends its cookies with it).
        ?? UserPreferences.FindZone(http.HttpContext?.Request.Cookies[TimeZoneCookie])
        ?? TimeZoneInfo.Utc;

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>A time the reader picked, in their zone, as UTC; null for a time their clocks skip (the hour a summer time begins).</summary>
    public DateTime? ToUtc(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return Zone.IsInvalidTime(unspecified) ? null : TimeZoneInfo.ConvertTimeToUtc(unspecified, Zone);
    }

    /// <summary>Today's start in the reader's zone, as UTC: "messages today" means the reader's today.</summary>
    public DateTime StartOfTodayUtc(DateTime nowUtc) =>
        TimeZoneInfo.ConvertTimeToUtc(ToLocal(nowUtc).Date, Zone);

}
