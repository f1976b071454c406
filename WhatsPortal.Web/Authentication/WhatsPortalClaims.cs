using System.Security.Claims;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Authentication;

/// <summary>The claims every principal (portal user or API key) carries, and how tenancy is read from them.</summary>
public static class WhatsPortalClaims
{
    public const string TenantId = "whatsportal:tenant";
    public const string Scope = "whatsportal:scope";
    public const string ApiKeyId = "whatsportal:api_key";
    /// <summary>The portal user's stored language and time zone (<see cref="AppUser.Culture"/>, <see cref="AppUser.TimeZone"/>),
    /// carried in the sign-in cookie so no request reads the user row for them.</summary>
    public const string Culture = "whatsportal:culture";
    public const string TimeZone = "whatsportal:time_zone";

    public static Guid? GetTenantId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(TenantId), out var id) ? id : null;

    /// <summary>Who may manage a tenant's keys and members: the operator, and the tenant's own owners.</summary>
    public static bool ManagesTenant(this ClaimsPrincipal user, Guid tenantId) =>
        user.IsInRole(Roles.Admin) || (user.IsInRole(Roles.Owner) && user.GetTenantId() == tenantId);

    /// <summary>A tenant principal sees its tenant; everyone else (anonymous, the operator) sees no tenant rows
    /// unless the code asks for all tenants by name.</summary>
    public static TenantScope GetTenantScope(this ClaimsPrincipal? user) =>
        user?.GetTenantId() is { } tenant ? TenantScope.For(tenant) : TenantScope.None;

    public static IEnumerable<Claim> ForScopes(ApiKeyScopes scopes) =>
        ScopeNamesOf(scopes).Select(name => new Claim(Scope, name));

    public static readonly IReadOnlyList<(ApiKeyScopes Scope, string Name)> ScopeNames =
    [
        (ApiKeyScopes.Read, "read"),
        (ApiKeyScopes.Send, "send"),
        (ApiKeyScopes.Manage, "manage"),
    ];

    public static string[] ScopeNamesOf(ApiKeyScopes scopes) =>
        ScopeNames.Where(s => scopes.HasFlag(s.Scope)).Select(s => s.Name).ToArray();

    public static bool TryParseScopes(IEnumerable<string> names, out ApiKeyScopes scopes, out string? unknown)
    {
        scopes = ApiKeyScopes.None;
        unknown = null;
        foreach (var name in names)
        {
            var match = ScopeNames.FirstOrDefault(s => s.Name == name);
            if (match.Name is null)
            {
                unknown = name;
                return false;
            }
            scopes |= match.Scope;
        }
        return true;
    }
}
