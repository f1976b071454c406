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
        services.AddSingleton<Translations>();
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
        // The language switch of the user menu: a cookie that wins over the browser's Accept-Language.
        app.MapPost("/portal/culture", ([Microsoft.AspNetCore.Mvc.FromForm] string culture, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl, HttpContext http) =>
        {
            if (Cultures.Any(c => c.Name == culture))
                http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return TypedResults.LocalRedirect(Pages.Account.Login.LocalReturnUrl(returnUrl));
        }).RequireAntiforgeryToken().ExcludeFromDescription();
        // A form post (with the antiforgery token the layout renders), never a GET a third-party page could trigger.
        app.MapPost("/Account/Logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/Account/Login");
        }).ExcludeFromDescription();
        return app;
    }
}
