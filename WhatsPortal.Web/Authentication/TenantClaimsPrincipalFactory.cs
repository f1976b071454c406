using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Authentication;

/// <summary>Puts the user's tenant, language and time zone into the sign-in cookie so every request knows them without a lookup.</summary>
public sealed class TenantClaimsPrincipalFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.TenantId is { } tenant)
            identity.AddClaim(new Claim(WhatsPortalClaims.TenantId, tenant.ToString()));
        if (user.DisplayName is { Length: > 0 } name)
            identity.AddClaim(new Claim("whatsportal:display_name", name));
        if (user.Culture is { Length: > 0 } culture)
            identity.AddClaim(new Claim(WhatsPortalClaims.Culture, culture));
        if (user.TimeZone is { Length: > 0 } zone)
            identity.AddClaim(new Claim(WhatsPortalClaims.TimeZone, zone));
        return identity;
    }
}
