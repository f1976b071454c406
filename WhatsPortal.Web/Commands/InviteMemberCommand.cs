using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Commands;

/// <summary>What an invitation link carries: the email and a one-time code that lets its holder choose a password.</summary>
public sealed record Invitation(string Email, string Code)
{
    /// <summary>The page that lets its holder choose a password, on the site at <paramref name="siteBase"/> (ends with '/').</summary>
    public string LinkFrom(string siteBase) =>
        QueryHelpers.AddQueryString(siteBase + "Account/Accept", new Dictionary<string, string?> { ["email"] = Email, ["code"] = Code });
}

/// <summary>
/// An owner invites someone to their tenant. An email that belongs to another tenant or to the operator gets an
/// invitation that looks exactly like a real one but creates nothing and can never be accepted: the owner must not
/// learn that the address has an account elsewhere. Inviting a member who has not joined yet gives them a fresh link.
/// Only the operator or the tenant's owner may invite; anyone else is told there is no such tenant.
/// </summary>
public sealed class InviteMemberCommand(CreateTenantUserCommand createUser, UserManager<AppUser> users, CurrentUser currentUser)
{
    public async Task<CommandResult<Invitation>> RunAsync(Guid tenantId, string email, string role, CancellationToken ct)
    {
        if (!currentUser.Principal.ManagesTenant(tenantId)) return CommandResult<Invitation>.NoTenant();
        email = email.Trim();
        var created = await createUser.RunAsync(tenantId, email, password: null, role, ct);
        switch (created.Status)
        {
            case CommandStatus.Done:
                return CommandResult<Invitation>.Done(await InvitationFor(created.Value!));
            case CommandStatus.TenantNotFound:
                return CommandResult<Invitation>.NoTenant();
            case CommandStatus.Invalid:
                return CommandResult<Invitation>.Invalid(created.Errors);
        }
        var existing = (await users.FindByEmailAsync(email))!;
        if (existing.TenantId != tenantId)
            return CommandResult<Invitation>.Done(await InvitationFor(Decoy(email)));
        return existing.EmailConfirmed
            ? CommandResult<Invitation>.Conflict("email", new Sentence("{0} is already a member.", email))
            : CommandResult<Invitation>.Done(await InvitationFor(existing));
    }

    private async Task<Invitation> InvitationFor(AppUser user) =>
        new(user.Email!, WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user))));

    /// <summary>A user that is never stored: its code has the form of a real one and fails like an expired one.</summary>
    private static AppUser Decoy(string email) => new() { UserName = email, Email = email, SecurityStamp = Guid.NewGuid().ToString("N") };
}
