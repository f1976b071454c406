using System.ComponentModel.DataAnnotations;

namespace WhatsPortal.Web.Authentication;

/// <summary><c>Sessions:*</c>: how soon a suspension, a removal, a password change, a sign-out or a key revocation
/// reaches what was authenticated before it.</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>
    /// How often a sign-in cookie is checked again (at most once per interval per cookie) and how often open hub and
    /// live-stream connections are checked (one batched query for all of them). A connection opened with a cookie
    /// just before that cookie's check can outlive the change by one more sweep: the default bounds everything to 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(15);
}
