using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Authentication;

/// <summary>
/// Identity's periodic cookie check (once per <see cref="SessionOptions.RevalidationInterval"/> per cookie), judged by
/// <see cref="PrincipalValidity"/>: besides a changed security stamp (password change, sign-out), a suspended tenant
/// or a user who left it ends the session, however the change was made. A cookie that fails is removed.
/// </summary>
public sealed class TenantSecurityStampValidator(
    IOptions<SecurityStampValidatorOptions> options, SignInManager<AppUser> signIn, ILoggerFactory logger, PrincipalValidity validity)
    : SecurityStampValidator<AppUser>(options, signIn, logger)
{
    protected override async Task<AppUser?> VerifySecurityStamp(ClaimsPrincipal? principal) =>
        principal is not null && await validity.IsValidAsync(principal, CancellationToken.None)
            ? await SignInManager.UserManager.GetUserAsync(principal)
            : null;
}
