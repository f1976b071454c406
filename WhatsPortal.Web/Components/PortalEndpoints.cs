using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Components.Admin;
using WhatsPortal.Web.Components.Instances;
using WhatsPortal.Web.Components.Live;
using WhatsPortal.Web.Components.Shared;

namespace WhatsPortal.Web.Components;

public static class PortalEndpoints
{
    /// <summary>The cultures dates and numbers are shown in, picked from the browser's Accept-Language.</summary>
    public static readonly CultureInfo[] Cultures = [new("en"), new("pt-BR")];

    public static IServiceCollection AddPortal(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<UserClock>();
        return services;
    }

    public static IApplicationBuilder UsePortalCulture(this IApplicationBuilder app) =>
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("en"),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
        });

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        app.MapRazorComponents<App>();
        app.MapPortalInstances();
        app.MapPortalLive();
        app.MapPortalAdminTenants();
        // A form post (with the antiforgery token the layout renders), never a GET a third-party page could trigger.
        app.MapPost("/Account/Logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/Account/Login");
        }).ExcludeFromDescription();
        return app;
    }
}
