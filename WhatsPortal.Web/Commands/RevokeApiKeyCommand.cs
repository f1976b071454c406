using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Commands;

/// <summary>
/// Revokes a tenant's API key: it stops working at once. Revoking it again keeps the first date. Another tenant's key is
/// not found (the tenant filter hides it), and so is every key for someone who does not manage the tenant.
/// </summary>
public sealed class RevokeApiKeyCommand(WhatsPortalDbContextFactory contexts, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<CommandResult<ApiKey>> RunAsync(Guid tenantId, Guid keyId, CancellationToken ct)
    {
        if (!currentUser.Principal.ManagesTenant(tenantId)) return CommandResult<ApiKey>.NotFound();
        await using var db = contexts.ForTenant(tenantId);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId, ct);
        if (key is null) return CommandResult<ApiKey>.NotFound();
        key.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return CommandResult<ApiKey>.Done(key);
    }
}
