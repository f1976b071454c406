using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Mvc;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Components.Shared;
using WhatsPortal.Web.Resources;

namespace WhatsPortal.Web.Components.Admin;

/// <summary>The operator's per-tenant actions from the dashboard: instance quota, suspend and resume (form posts, then back).
/// The same commands as the operator API's run them.</summary>
public static class AdminTenantEndpoints
{
    public static IEndpointRouteBuilder MapPortalAdminTenants(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/portal/admin/tenants/{id:guid}").RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .RequireAntiforgeryToken().ExcludeFromDescription();
        tenant.MapPost("/quota", async (Guid id, [FromForm] int? quota, SetTenantQuotaCommand command, IStringLocalizer<PortalText> L, CancellationToken ct) =>
            Back(await command.RunAsync(id, quota, ct), L));
        tenant.MapPost("/suspend", async (Guid id, SuspendTenantCommand command, IStringLocalizer<PortalText> L, CancellationToken ct) => Back(await command.RunAsync(id, ct), L));
        tenant.MapPost("/resume", async (Guid id, ResumeTenantCommand command, IStringLocalizer<PortalText> L, CancellationToken ct) => Back(await command.RunAsync(id, ct), L));
        return app;
    }

    /// <summary>Back to the dashboard, with what was wrong as its notice.</summary>
    private static IResult Back(CommandResult<Tenant> result, IStringLocalizer<PortalText> L) => result.Status switch
    {
        CommandStatus.Done => TypedResults.LocalRedirect("/"),
        CommandStatus.TenantNotFound => TypedResults.NotFound(),
        _ => TypedResults.LocalRedirect(PortalNotice.Append("/", string.Join(" ", result.Errors.Values.SelectMany(e => e).Select(L.Of)))),
    };
}
