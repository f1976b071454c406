using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;

namespace WhatsPortal.Web.Authentication;

/// <summary>
/// Whether principals authenticated earlier still stand, judged from the stored state and not from whoever changed
/// it: a portal user still exists, has the security stamp of their cookie, still belongs to the cookie's tenant, and
/// that tenant is not suspended; an API key is not revoked and its tenant is not suspended. The operator key has
/// nothing stored to revoke it by. The sign-in cookie check and the sweep of open connections both ask here.
/// </summary>
public sealed class PrincipalValidity(WhatsPortalDbContextFactory contexts, IOptions<IdentityOptions> identity)
{
    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken ct) =>
        (await RevokedAmongAsync([principal], ct)).Count == 0;

    /// <summary>The principals among <paramref name="principals"/> that no longer stand: one query for the users, one for the keys.</summary>
    public async Task<IReadOnlySet<ClaimsPrincipal>> RevokedAmongAsync(IReadOnlyCollection<ClaimsPrincipal> principals, CancellationToken ct)
    {
        var claims = identity.Value.ClaimsIdentity;
        var keyIds = principals.Select(ApiKeyId).OfType<Guid>().Distinct().ToList();
        var userIds = principals.Where(p => ApiKeyId(p) is null).Select(p => p.FindFirstValue(claims.UserIdClaimType)).OfType<string>().Distinct().ToList();

        // The users' rows are not tenant-owned and a key is what tells its tenant: these reads cross tenants.
        await using var db = contexts.AcrossTenants();
        var liveKeys = keyIds.Count == 0 ? [] : (await db.ApiKeys.AsNoTracking()
            .Where(k => keyIds.Contains(k.Id) && k.RevokedAt == null && db.Tenants.Any(t => t.Id == k.TenantId && t.SuspendedAt == null))
            .Select(k => k.Id).ToListAsync(ct)).ToHashSet();
        var users = userIds.Count == 0 ? [] : await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id))
            .Select(u => new StoredUser(u.Id, u.SecurityStamp, u.TenantId, db.Tenants.Any(t => t.Id == u.TenantId && t.SuspendedAt != null)))
            .ToDictionaryAsync(u => u.Id, ct);

        var revoked = new HashSet<ClaimsPrincipal>(ReferenceEqualityComparer.Instance);
        foreach (var principal in principals)
        {
            var stands = ApiKeyId(principal) is { } keyId
                ? liveKeys.Contains(keyId)
                : principal.FindFirstValue(claims.UserIdClaimType) is not { } userId
                  || (users.TryGetValue(userId, out var user)
                      && user.SecurityStamp == principal.FindFirstValue(claims.SecurityStampClaimType)
                      && user.TenantId == principal.GetTenantId()
                      && !user.TenantSuspended);
            if (!stands) revoked.Add(principal);
        }
        return revoked;
    }

    private static Guid? ApiKeyId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(WhatsPortalClaims.ApiKeyId), out var id) ? id : null;

    private sealed record StoredUser(string Id, string? SecurityStamp, Guid? TenantId, bool TenantSuspended);
}
