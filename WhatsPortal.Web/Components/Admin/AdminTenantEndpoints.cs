using Microsoft.AspNetCore.Mvc;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Components.Shared;

namespace WhatsPortal.Web.Components.Admin;

/// <summary>The operator's per-tenant actions from the dashboard: instance quota, suspend and resume (form posts, then back).
/// The same commands as the operator API's run them.</summary>
public static class AdminTenantEndpoints
{
    public static IEndpointRouteBuilder MapPortalAdminTenants(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/portal/admin/tenants/{id:guid}").RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .RequireAntiforgeryToken().ExcludeFromDescription();
        tenant.MapPost("/quota", async (Guid id, [FromForm] int? quota, SetTenantQuotaCommand command, Translations t, CancellationToken ct) =>
            Back(await command.RunAsync(id, quota, ct), t));
        tenant.MapPost("/suspend", async (Guid id, SuspendTenantCommand command, Translations t, CancellationToken ct) => Back(await command.RunAsync(id, ct), t));
        tenant.MapPost("/resume", async (Guid id, ResumeTenantCommand command, Translations t, CancellationToken ct) => Back(await command.RunAsync(id, ct), t));
        return app;
    }

    /// <summary>Back to the dashboard, with what was wrong as its notice.</summary>
    private static IResult Back(CommandResult<Tenant> result, Translations t) => result.Status switch
    {
        CommandStatus.Done => TypedResults.LocalRedirect("/"),
        CommandStatus.TenantNotFound => TypedResults.NotFound(),
        _ => TypedResults.LocalRedirect(PortalNotice.Append("/", string.Join(" ", result.Errors.Values.SelectMany(e => e).Select(t.Of)))),
    };
}
