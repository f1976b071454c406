using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Commands;

/// <summary>A new API key: <see cref="Key"/> is the only time it exists in clear.</summary>
public sealed record IssuedApiKey(Guid Id, string Name, string Prefix, ApiKeyScopes Scopes, string Key);

/// <summary>
/// Creates an API key for a tenant, named for what uses it, with the scopes it may use (the API's names: read, send,
/// manage). Only the operator or the tenant's owner may; anyone else is told there is no such tenant.
/// </summary>
public sealed class IssueApiKeyCommand(WhatsPortalDbContextFactory contexts, CurrentUser currentUser)
{
    public async Task<CommandResult<IssuedApiKey>> RunAsync(Guid tenantId, string name, IReadOnlyCollection<string> scopeNames, CancellationToken ct)
    {
        if (!currentUser.Principal.ManagesTenant(tenantId)) return CommandResult<IssuedApiKey>.NoTenant();
        await using var db = contexts.ForTenant(tenantId);
        // Tenants are not tenant-owned rows, so this check is a plain lookup.
        if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, ct)) return CommandResult<IssuedApiKey>.NoTenant();

        name = name.Trim();
        var errors = new Dictionary<string, Sentence[]>();
        if (name.Length == 0) errors["name"] = [new Sentence("Say what uses the key.")];
        else if (name.Length > ApiKey.NameMaxLength) errors["name"] = [new Sentence("The name has at most {0} characters.", ApiKey.NameMaxLength)];
        if (!WhatsPortalClaims.TryParseScopes(scopeNames, out var scopes, out var unknown))
            errors["scopes"] = [new Sentence("'{0}' is not a scope; use read, send or manage.", unknown)];
        else if (scopes == ApiKeyScopes.None) errors["scopes"] = [new Sentence("Choose at least one scope.")];
        if (errors.Count > 0) return CommandResult<IssuedApiKey>.Invalid(errors);

        var key = ApiKeyFormat.NewKey();
        var row = new ApiKey { Name = name, Prefix = ApiKeyFormat.Prefix(key), Hash = ApiKeyFormat.Hash(key), Scopes = scopes };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return CommandResult<IssuedApiKey>.Done(new IssuedApiKey(row.Id, row.Name, row.Prefix, scopes, key));
    }
}
