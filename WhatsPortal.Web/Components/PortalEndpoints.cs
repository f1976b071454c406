using Microsoft.AspNetCore.Identity;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Components;

public static class PortalEndpoints
{
    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        app.MapRazorComponents<App>();
        // A form post (with the antiforgery token the layout renders), never a GET a third-party page could trigger.
        app.MapPost("/Account/Logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/Account/Login");
        }).ExcludeFromDescription();
        return app;
    }
}
