using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Authentication;

public enum SignInAnswer
{
    SignedIn,
    NeedsTwoFactorCode,
    WrongEmailOrPassword,
    LockedOut,
    TooManyAttempts,
    TenantSuspended,
}

/// <summary>
/// The login form's password check. An unknown email (or an invited user with no password yet) costs the same
/// password hashing as a known one and gets the same answers, lockout included, so neither the message nor the time
/// tells whether an account exists. Limits are <see cref="SignInAttempts"/>'.
/// </summary>
public sealed class PortalSignIn(SignInManager<AppUser> signIn, SignInAttempts attempts, IPasswordHasher<AppUser> hasher, WhatsPortalDbContext db)
{
    public async Task<(SignInAnswer Answer, TimeSpan RetryAfter)> PasswordAsync(string email, string password, bool remember, IPAddress? address)
    {
        if (attempts.TryAttempt(address) is { } wait) return (SignInAnswer.TooManyAttempts, wait);
        return (await CheckAsync(email.Trim(), password, remember, address), TimeSpan.Zero);
    }

    private async Task<SignInAnswer> CheckAsync(string email, string password, bool remember, IPAddress? address)
    {
        if (attempts.IsLockedOut(email, address)) return SignInAnswer.LockedOut;
        var user = await signIn.UserManager.FindByEmailAsync(email);
        if (user is null || !await signIn.UserManager.HasPasswordAsync(user))
        {
            // Hashing the attempt is the same key derivation, with the same iterations, as checking it against a stored hash.
            hasher.HashPassword(new AppUser(), password);
            attempts.Failed(email, address);
            return SignInAnswer.WrongEmailOrPassword;
        }
        // Lockout is counted by SignInAttempts, per address; Identity's own still locks after wrong two-factor codes.
        var result = await signIn.PasswordSignInAsync(user, password, remember, lockoutOnFailure: false);
        if (result.IsLockedOut) return SignInAnswer.LockedOut;
        if (!result.Succeeded && !result.RequiresTwoFactor)
        {
            attempts.Failed(email, address);
            return SignInAnswer.WrongEmailOrPassword;
        }
        attempts.Succeeded(email);
        // Checked only after the password matched, so the answer tells a stranger nothing about the account.
        if (user.TenantId is { } tenantId && await db.Tenants.AnyAsync(t => t.Id == tenantId && t.SuspendedAt != null))
        {
            await signIn.SignOutAsync();
            return SignInAnswer.TenantSuspended;
        }
        return result.RequiresTwoFactor ? SignInAnswer.NeedsTwoFactorCode : SignInAnswer.SignedIn;
    }
}
