using Microsoft.AspNetCore.Identity;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Services;

/// <summary>The signed-in user's portal choices that need no cookie: they are read by the circuit, not by each request.</summary>
public sealed class UserPreferenceStore(UserManager<AppUser> users, CurrentUser current)
{
    public async Task<bool?> DarkModeAsync() => (await users.GetUserAsync(current.Principal))?.DarkMode;

    public async Task SetDarkModeAsync(bool darkMode)
    {
        if (await users.GetUserAsync(current.Principal) is not { } user) return;
        user.DarkMode = darkMode;
        await users.UpdateAsync(user);
    }
}
