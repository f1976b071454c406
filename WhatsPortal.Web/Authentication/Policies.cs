using Microsoft.AspNetCore.Authorization;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Authentication;

/// <summary>Authorization policies of the API: a tenant key with a scope, or the operator.</summary>
public static class Policies
{
    public const string Read = "api:read";
    public const string Send = "api:send";
    public const string Manage = "api:manage";
    public const string Operator = "api:operator";

    public static AuthorizationBuilder AddWhatsPortalPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Read, p => TenantKey(p, "read"))
        .AddPolicy(Send, p => TenantKey(p, "send"))
        .AddPolicy(Manage, p => TenantKey(p, "manage"))
        .AddPolicy(Operator, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(Roles.Admin));

    private static void TenantKey(AuthorizationPolicyBuilder policy, string scope) => policy
        .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
        .RequireClaim(WhatsPortalClaims.TenantId)
        .RequireClaim(WhatsPortalClaims.Scope, scope);
}
