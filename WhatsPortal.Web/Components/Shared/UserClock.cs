namespace WhatsPortal.Web.Components.Shared;

/// <summary>
/// Shows stored UTC times in the reader's time zone. The zone comes from the user's setting when there is one,
/// else from the <c>tz</c> cookie a tiny script in <see cref="App"/> sets from the browser; UTC otherwise.
/// </summary>
public sealed class UserClock(IHttpContextAccessor http)
{
    public const string TimeZoneCookie = "tz";

    private TimeZoneInfo? _zone;

    public TimeZoneInfo Zone => _zone ??= Find(http.HttpContext?.Request.Cookies[TimeZoneCookie]);

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>Today's start in the reader's zone, as UTC: "messages today" means the reader's today.</summary>
    public DateTime StartOfTodayUtc(DateTime nowUtc) =>
        TimeZoneInfo.ConvertTimeToUtc(ToLocal(nowUtc).Date, Zone);

    private static TimeZoneInfo Find(string? id) =>
        id is { Length: > 0 and < 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
