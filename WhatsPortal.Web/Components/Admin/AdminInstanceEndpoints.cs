using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Mvc;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Components.Instances;
using WhatsPortal.Web.Components.Shared;
using WhatsPortal.Web.Resources;

namespace WhatsPortal.Web.Components.Admin;

/// <summary>
/// The operator's lifecycle actions on any tenant's instance as form posts, through the same operator door of
/// <see cref="InstanceLifecycleCommand"/> as the portal's buttons.
/// </summary>
public static class AdminInstanceEndpoints
{
    public static IEndpointRouteBuilder MapPortalAdminInstances(this IEndpointRouteBuilder app)
    {
        var instance = app.MapGroup("/portal/admin/instances/{id:guid}").RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .RequireAntiforgeryToken().ExcludeFromDescription();
        foreach (var action in Enum.GetValues<InstanceAction>())
            instance.MapPost("/" + InstanceActions.ActionName(action), async (Guid id, [FromForm] string? returnUrl, InstanceLifecycleCommand command,
                IStringLocalizer<PortalText> L, CancellationToken ct) =>
            {
                var result = await command.RunAsOperatorAsync(id, action, ct);
                var back = Back(action, returnUrl);
                return result.Status switch
                {
                    CommandStatus.Done => TypedResults.LocalRedirect(PortalNotice.Append(back, $"{L[InstanceLifecycleCommand.PastTense(action)]}: {result.Value!.Name}")),
                    CommandStatus.Conflict => TypedResults.LocalRedirect(PortalNotice.Append(back, string.Join(" ", result.Errors.Values.SelectMany(e => e).Select(L.Of)))),
                    _ => (IResult)TypedResults.NotFound(),
                };
            });
        return app;
    }

    /// <summary>Where the operator lands: the page the action came from, except a deleted instance's own page, which is gone.</summary>
    private static string Back(InstanceAction action, string? returnUrl)
    {
        var back = Pages.Account.Login.LocalReturnUrl(returnUrl);
        return action == InstanceAction.Delete && back.StartsWith("/admin/instances/", StringComparison.Ordinal) ? "/admin/instances" : back;
    }
}
