using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Apis;

/// <summary>Creates API keys: the one place a key exists in clear, and only long enough to return it.</summary>
public sealed class ApiKeyIssuer(WhatsPortalDbContextFactory contexts)
{
    /// <returns>The new key, or null when the tenant does not exist.</returns>
    public async Task<AdminApi.CreatedApiKeyResponse?> IssueAsync(Guid tenantId, string name, ApiKeyScopes scopes, CancellationToken ct)
    {
        await using var db = contexts.ForTenant(tenantId);
        // Tenants are not tenant-owned rows, so this check is a plain lookup.
        if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, ct))
            return null;

        var key = ApiKeyFormat.NewKey();
        var row = new ApiKey { Name = name, Prefix = ApiKeyFormat.Prefix(key), Hash = ApiKeyFormat.Hash(key), Scopes = scopes };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return new AdminApi.CreatedApiKeyResponse(row.Id, row.Name, row.Prefix, WhatsPortalClaims.ScopeNamesOf(scopes), key);
    }
}
