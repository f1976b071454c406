using System.Security.Claims;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Authentication;

/// <summary>
/// Who the current request or portal operation acts for. An API request is its HTTP request's user. A circuit
/// outlives its HTTP request, so each portal operation runs as the circuit's revalidated user
/// (<see cref="Services.PortalOperations"/>), never as whatever HTTP context happens to flow with it.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http)
{
    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());
    private ClaimsPrincipal? _circuitUser;

    public ClaimsPrincipal Principal => _circuitUser ?? http.HttpContext?.User ?? Anonymous;

    /// <summary>The operator (a portal administrator or the operator API key), the only one who acts across tenants.</summary>
    public bool IsOperator => Principal.IsInRole(Roles.Admin);

    /// <summary>Makes this scope act for a circuit's user.</summary>
    public void ActAs(ClaimsPrincipal user) => _circuitUser = user;
}

/// <summary>The tenant of whoever the current scope acts for, read each time a query runs.</summary>
public sealed class CurrentUserTenantScope(CurrentUser user) : ITenantScopeSource
{
    public TenantScope Current => user.Principal.GetTenantScope();
}
