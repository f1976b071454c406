using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Services;

public sealed record TenantMember(string Email, string Role);

/// <summary>The people of a tenant, by email.</summary>
public sealed class MemberQueries(UserManager<AppUser> users, CurrentUser currentUser)
{
    /// <returns>The members, or null when the current user does not manage the tenant.</returns>
    public async Task<IReadOnlyList<TenantMember>?> ListAsync(Guid tenantId, CancellationToken ct)
    {
        if (!currentUser.Principal.ManagesTenant(tenantId)) return null;
        // Users are not behind the tenant filter (sign-in needs them first): this query scopes them itself. Only those who
        // joined: listing pending invitations would tell an owner which invited emails have an account elsewhere.
        var joined = await users.Users.Where(u => u.TenantId == tenantId && u.EmailConfirmed).OrderBy(u => u.Email).ToListAsync(ct);
        var members = new List<TenantMember>(joined.Count);
        foreach (var user in joined)
            members.Add(new(user.Email!, (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.Member));
        return members;
    }
}
