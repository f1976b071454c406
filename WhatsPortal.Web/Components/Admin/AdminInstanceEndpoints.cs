using Microsoft.Extensions.Localization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Components.Instances;
using WhatsPortal.Web.Components.Shared;
using WhatsPortal.Web.Resources;

namespace WhatsPortal.Web.Components.Admin;

/// <summary>
/// The operator's lifecycle actions on any tenant's instance, posted from the all-instances page. The instance is found
/// through the one explicit cross-tenant door (<see cref="WhatsPortalDbContextFactory.AcrossTenants"/>), then the same
/// engine command as the tenant's own button runs; each action is logged and, except a deletion, written to the
/// instance's event log so its tenant sees who did it.
/// </summary>
public static class AdminInstanceEndpoints
{
    public const string ActionsPath = "portal/admin/instances";

    // Past tense of each action, for the operator's notice and the tenant's event log.
    private static readonly IReadOnlyDictionary<string, string> Done = new Dictionary<string, string>
    {
        ["start"] = "Started", ["stop"] = "Stopped", ["restart"] = "Restarted", ["logout"] = "Logged out", ["delete"] = "Deleted",
    };

    public static IEndpointRouteBuilder MapPortalAdminInstances(this IEndpointRouteBuilder app)
    {
        var instance = app.MapGroup("/" + ActionsPath + "/{id:guid}").RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .RequireAntiforgeryToken().ExcludeFromDescription();
        foreach (var (name, action) in PortalInstanceEndpoints.LifecycleActions)
            instance.MapPost("/" + name, (Guid id, [FromForm] string? returnUrl, ClaimsPrincipal user, WhatsPortalDbContextFactory contexts,
                    IWhatsAppEngine engine, IStringLocalizer<PortalText> L, ILogger<OperatorAction> logger, CancellationToken ct) =>
                RunAsync(new OperatorAction(name, user.Identity?.Name ?? "?"), id, returnUrl, () => action(engine, id, ct), contexts, L, logger, ct));
        return app;
    }

    /// <summary>Which action (a key of <see cref="PortalInstanceEndpoints.LifecycleActions"/>) which operator ran; also the log's category.</summary>
    public sealed record OperatorAction(string Name, string Operator);

    private static async Task<IResult> RunAsync(OperatorAction action, Guid id, string? returnUrl, Func<Task> command,
        WhatsPortalDbContextFactory contexts, IStringLocalizer<PortalText> L, ILogger<OperatorAction> logger, CancellationToken ct)
    {
        await using var db = contexts.AcrossTenants();
        var target = await (from i in db.Instances.AsNoTracking()
                            join t in db.Tenants on i.TenantId equals t.Id
                            where i.Id == id
                            select new { i.TenantId, Instance = i.Name, Tenant = t.Name }).SingleOrDefaultAsync(ct);
        if (target is null) return TypedResults.NotFound();
        var done = Done[action.Name];
        return await PortalInstanceEndpoints.RunAsync(async () =>
        {
            await command();
            logger.LogInformation("Operator {Operator} ran {Action} on instance {InstanceId} ({InstanceName}) of tenant {TenantId} ({TenantName})",
                action.Operator, action.Name, id, target.Instance, target.TenantId, target.Tenant);
            if (action.Name == "delete") return; // its log went with it
            db.InstanceEvents.Add(new InstanceEvent
            {
                TenantId = target.TenantId, InstanceId = id, Type = "operator", Level = InstanceEventLevel.Info,
                Message = $"{done} by the operator.",
            });
            await db.SaveChangesAsync(ct);
        }, Back(action, returnUrl), L, $"{L[done]}: {target.Instance} · {target.Tenant}");
    }

    /// <summary>Where the operator lands: the page the action came from, except a deleted instance's own page, which is gone.</summary>
    private static string Back(OperatorAction action, string? returnUrl)
    {
        var back = Pages.Account.Login.LocalReturnUrl(returnUrl);
        return action.Name == "delete" && back.StartsWith("/admin/instances/", StringComparison.Ordinal) ? "/admin/instances" : back;
    }
}
