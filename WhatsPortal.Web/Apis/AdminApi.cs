using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Apis;

/// <summary>The operator's API: provisioning tenants and their first keys. Only the operator key (<c>Admin:ApiKey</c>) gets in.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization(Policies.Operator)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/tenants", ListTenants).WithSummary("Lists every tenant.");
        admin.MapPost("/tenants", CreateTenant).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Creates a tenant.");
        admin.MapPost("/tenants/{tenantId:guid}/api-keys", CreateApiKey).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Creates an API key for a tenant; the key is shown only in this response.");
        return app;
    }

    public sealed record CreateTenantRequest(
        [property: Required, StringLength(Tenant.NameMaxLength, MinimumLength = 1)] string Name,
        [property: Range(0, 10_000)] int? InstanceQuota = null);

    public sealed record TenantResponse(Guid Id, string Name, int? InstanceQuota, DateTime CreatedAt, DateTime? SuspendedAt);

    public sealed record CreateApiKeyRequest(
        [property: Required, StringLength(ApiKey.NameMaxLength, MinimumLength = 1)] string Name,
        [property: Required, MinLength(1)] string[] Scopes);

    public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Prefix, string[] Scopes, string Key);

    private static async Task<Ok<TenantResponse[]>> ListTenants(WhatsPortalDbContextFactory contexts, CancellationToken ct)
    {
        await using var db = contexts.AcrossTenants();
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new TenantResponse(t.Id, t.Name, t.InstanceQuota, t.CreatedAt, t.SuspendedAt)).ToArrayAsync(ct);
        return TypedResults.Ok(tenants);
    }

    private static async Task<Results<Created<TenantResponse>, ProblemHttpResult>> CreateTenant(
        CreateTenantRequest request, WhatsPortalDbContextFactory contexts, CancellationToken ct)
    {
        var name = request.Name.Trim();
        await using var db = contexts.AcrossTenants();
        if (await db.Tenants.AnyAsync(t => t.Name == name, ct))
            return ApiProblems.Conflict("Tenant exists", $"A tenant named '{name}' already exists.");
        var tenant = new Tenant { Name = name, InstanceQuota = request.InstanceQuota };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/admin/tenants/{tenant.Id}",
            new TenantResponse(tenant.Id, tenant.Name, tenant.InstanceQuota, tenant.CreatedAt, tenant.SuspendedAt));
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult, ValidationProblem>> CreateApiKey(
        Guid tenantId, CreateApiKeyRequest request, ApiKeyIssuer issuer, CancellationToken ct)
    {
        if (!WhatsPortalClaims.TryParseScopes(request.Scopes, out var scopes, out var unknown))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["scopes"] = [$"'{unknown}' is not a scope; use read, send or manage."],
            });
        var issued = await issuer.IssueAsync(tenantId, request.Name.Trim(), scopes, ct);
        if (issued is null)
            return ApiProblems.NotFound("Tenant not found", $"There is no tenant {tenantId}.");
        return TypedResults.Created($"/api/v1/admin/tenants/{tenantId}/api-keys/{issued.Id}", issued);
    }
}
