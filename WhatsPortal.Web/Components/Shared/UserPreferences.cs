using Microsoft.AspNetCore.Identity;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Components.Shared;

/// <summary>Which languages and time zones a user may choose, and storing a choice so that this session uses it at once.</summary>
public static class UserPreferences
{
    /// <summary>Each language named in itself, so anyone can find theirs.</summary>
    public static readonly IReadOnlyList<(string Culture, string Label)> Languages = [("en", "English"), ("pt-BR", "Português (Brasil)")];

    public static bool IsLanguage(string? culture) => PortalEndpoints.Cultures.Any(c => c.Name == culture);

    /// <summary>The zone with this IANA id, or null for anything else (including an over-long or empty id from a cookie).</summary>
    public static TimeZoneInfo? FindZone(string? id) =>
        id is { Length: > 0 and < 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    /// <summary>Saves the user's choices and renews this session's cookie: its claims carry them (see TenantClaimsPrincipalFactory).</summary>
    public static async Task<IdentityResult> SaveAsync(AppUser user, UserManager<AppUser> users, SignInManager<AppUser> signIn)
    {
        var result = await users.UpdateAsync(user);
        if (result.Succeeded) await signIn.RefreshSignInAsync(user);
        return result;
    }
}
