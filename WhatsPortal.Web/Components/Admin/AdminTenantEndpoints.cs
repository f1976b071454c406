using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Components.Shared;

namespace WhatsPortal.Web.Components.Admin;

/// <summary>The operator's per-tenant actions from the dashboard: instance quota, suspend and resume (form posts, then back).</summary>
public static class AdminTenantEndpoints
{
    public static IEndpointRouteBuilder MapPortalAdminTenants(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/portal/admin/tenants/{id:guid}").RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .RequireAntiforgeryToken().ExcludeFromDescription();
        tenant.MapPost("/quota", SetQuota);
        tenant.MapPost("/suspend", Suspend);
        tenant.MapPost("/resume", Resume);
        return app;
    }

    private static async Task<IResult> SetQuota(Guid id, [FromForm] int? quota, WhatsPortalDbContextFactory contexts, CancellationToken ct)
    {
        if (quota is < 0) return TypedResults.BadRequest();
        await using var db = contexts.AcrossTenants();
        var updated = await db.Tenants.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.InstanceQuota, quota), ct);
        return updated == 0 ? TypedResults.NotFound() : TypedResults.LocalRedirect("/");
    }

    /// <summary>Stops the tenant's instances and signs its users out; they cannot log in until resumed.</summary>
    private static async Task<IResult> Suspend(Guid id, WhatsPortalDbContextFactory contexts, IWhatsAppEngine engine,
        UserManager<AppUser> users, TimeProvider clock, ILogger<Tenant> logger, CancellationToken ct)
    {
        await using var db = contexts.AcrossTenants();
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (tenant is null) return TypedResults.NotFound();
        tenant.SuspendedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        foreach (var instanceId in await db.Instances.Where(i => i.TenantId == id).Select(i => i.Id).ToListAsync(ct))
            await engine.StopAsync(instanceId, ct);
        // A new security stamp ends the users' sessions at the next cookie validation.
        foreach (var user in await users.Users.Where(u => u.TenantId == id).ToListAsync(ct))
            await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("Tenant {TenantId} suspended", id);
        return TypedResults.LocalRedirect("/");
    }

    private static async Task<IResult> Resume(Guid id, WhatsPortalDbContextFactory contexts, CancellationToken ct)
    {
        await using var db = contexts.AcrossTenants();
        var updated = await db.Tenants.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.SuspendedAt, (DateTime?)null), ct);
        return updated == 0 ? TypedResults.NotFound() : TypedResults.LocalRedirect("/");
    }
}
