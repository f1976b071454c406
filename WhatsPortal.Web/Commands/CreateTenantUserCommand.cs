using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

/// <summary>
/// Adds a user to a tenant as Owner or Member. With a password (Identity's policy applies) the user can sign in at once;
/// without one it is an invitation, and the user chooses a password through the invitation link.
/// </summary>
public sealed class CreateTenantUserCommand(WhatsPortalDbContextFactory contexts, UserManager<AppUser> users)
{
    /// <summary>The roles a tenant's user may have; the operator's role is no tenant's.</summary>
    public static readonly IReadOnlyList<string> TenantRoles = [Roles.Owner, Roles.Member];

    public static readonly Sentence EmailTaken = new("A user with this email already exists.");

    public async Task<CommandResult<AppUser>> RunAsync(Guid tenantId, string email, string? password, string role, CancellationToken ct)
    {
        await using (var db = contexts.AcrossTenants())
        {
            if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, ct)) return CommandResult<AppUser>.NoTenant();
        }
        if (!TenantRoles.Contains(role))
            return CommandResult<AppUser>.Invalid("role", new Sentence("The role is Owner or Member."));
        email = email.Trim();
        if (email.Length == 0) return CommandResult<AppUser>.Invalid("email", new Sentence("Enter an email address."));
        if (email.Length > 256 || !new EmailAddressAttribute().IsValid(email))
            return CommandResult<AppUser>.Invalid("email", new Sentence("Enter a valid email address."));
        if (await users.FindByEmailAsync(email) is not null) return CommandResult<AppUser>.Conflict("email", EmailTaken);

        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = password is not null, TenantId = tenantId };
        var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!created.Succeeded)
            return CommandResult<AppUser>.Invalid(created.Errors
                .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email")
                .ToDictionary(g => g.Key, g => g.Select(e => new Sentence("{0}", e.Description)).ToArray()));
        var inRole = await users.AddToRoleAsync(user, role);
        if (!inRole.Succeeded)
            throw new InvalidOperationException($"Could not give {email} the role {role}: {string.Join(" ", inRole.Errors.Select(e => e.Description))}");
        return CommandResult<AppUser>.Done(user);
    }
}
