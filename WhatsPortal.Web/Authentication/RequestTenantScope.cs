using WhatsPortal.Data;

namespace WhatsPortal.Web.Authentication;

/// <summary>The tenant of whoever is making the current request, read each time a query runs.</summary>
public sealed class RequestTenantScope(IHttpContextAccessor http) : ITenantScopeSource
{
    public TenantScope Current => http.HttpContext?.User.GetTenantScope() ?? TenantScope.None;
}
