using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using WhatsPortal.Web.Resources;

namespace WhatsPortal.Web.Authentication;

/// <summary>
/// Identity's own messages (password rules, taken email, expired link...) in the reader's language. The portal shows them
/// as they come (change password, accept an invitation, new tenant, invite), so this is where they are translated. Each
/// is keyed by Identity's English text, so English reads exactly as Identity's. Codes never change: only what people read.
/// </summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<PortalText> text) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => In(base.DefaultError(), "An unknown failure has occurred.");

    public override IdentityError ConcurrencyFailure() => In(base.ConcurrencyFailure(), "Optimistic concurrency failure, object has been modified.");

    public override IdentityError PasswordMismatch() => In(base.PasswordMismatch(), "Incorrect password.");

    public override IdentityError InvalidToken() => In(base.InvalidToken(), "Invalid token.");

    public override IdentityError RecoveryCodeRedemptionFailed() => In(base.RecoveryCodeRedemptionFailed(), "Recovery code redemption failed.");

    public override IdentityError LoginAlreadyAssociated() => In(base.LoginAlreadyAssociated(), "A user with this login already exists.");

    public override IdentityError InvalidUserName(string? userName) =>
        In(base.InvalidUserName(userName), "Username '{0}' is invalid, can only contain letters or digits.", userName);

    public override IdentityError InvalidEmail(string? email) => In(base.InvalidEmail(email), "Email '{0}' is invalid.", email);

    public override IdentityError DuplicateUserName(string userName) => In(base.DuplicateUserName(userName), "Username '{0}' is already taken.", userName);

    public override IdentityError DuplicateEmail(string email) => In(base.DuplicateEmail(email), "Email '{0}' is already taken.", email);

    public override IdentityError InvalidRoleName(string? role) => In(base.InvalidRoleName(role), "Role name '{0}' is invalid.", role);

    public override IdentityError DuplicateRoleName(string role) => In(base.DuplicateRoleName(role), "Role name '{0}' is already taken.", role);

    public override IdentityError UserAlreadyHasPassword() => In(base.UserAlreadyHasPassword(), "User already has a password set.");

    public override IdentityError UserLockoutNotEnabled() => In(base.UserLockoutNotEnabled(), "Lockout is not enabled for this user.");

    public override IdentityError UserAlreadyInRole(string role) => In(base.UserAlreadyInRole(role), "User already in role '{0}'.", role);

    public override IdentityError UserNotInRole(string role) => In(base.UserNotInRole(role), "User is not in role '{0}'.", role);

    public override IdentityError PasswordTooShort(int length) => In(base.PasswordTooShort(length), "Passwords must be at least {0} characters.", length);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        In(base.PasswordRequiresUniqueChars(uniqueChars), "Passwords must use at least {0} different characters.", uniqueChars);

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        In(base.PasswordRequiresNonAlphanumeric(), "Passwords must have at least one non alphanumeric character.");

    public override IdentityError PasswordRequiresDigit() => In(base.PasswordRequiresDigit(), "Passwords must have at least one digit ('0'-'9').");

    public override IdentityError PasswordRequiresLower() => In(base.PasswordRequiresLower(), "Passwords must have at least one lowercase ('a'-'z').");

    public override IdentityError PasswordRequiresUpper() => In(base.PasswordRequiresUpper(), "Passwords must have at least one uppercase ('A'-'Z').");

    /// <summary>Identity's error with its code, described from our resources.</summary>
    private IdentityError In(IdentityError error, string english, params object?[] values) =>
        new() { Code = error.Code, Description = text[english, values!] };
}
