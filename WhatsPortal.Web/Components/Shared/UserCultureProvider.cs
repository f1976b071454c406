using Microsoft.AspNetCore.Localization;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Components.Shared;

/// <summary>The signed-in user's stored language, read from the sign-in cookie's claim: it wins over the culture cookie
/// of this browser and over Accept-Language, so the choice follows the user to any browser.</summary>
public sealed class UserCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
        httpContext.User.FindFirst(WhatsPortalClaims.Culture)?.Value is { Length: > 0 } culture
            ? Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(culture))
            : NullProviderCultureResult;
}
