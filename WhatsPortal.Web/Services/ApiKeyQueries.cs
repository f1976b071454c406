using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Services;

/// <summary>A tenant's API keys by prefix, newest first (never the keys themselves: only their hashes are stored).</summary>
public sealed class ApiKeyQueries(WhatsPortalDbContextFactory contexts, CurrentUser currentUser)
{
    /// <returns>The keys, or null when there is no such tenant or the current user does not manage it.</returns>
    public async Task<IReadOnlyList<ApiKey>?> ListAsync(Guid tenantId, CancellationToken ct)
    {
        if (!currentUser.Principal.ManagesTenant(tenantId)) return null;
        await using var db = contexts.ForTenant(tenantId);
        if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, ct)) return null;
        return await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
    }
}
