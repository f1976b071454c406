using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Localization;
using MudBlazor;
using MudBlazor.Services;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Components.Admin;
using WhatsPortal.Web.Components.Instances;
using WhatsPortal.Web.Components.Live;
using WhatsPortal.Web.Components.Shared;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Resources;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Web.Components;

public static class PortalEndpoints
{
    /// <summary>The cultures words, dates and numbers are shown in: the languages a user may choose.</summary>
    public static readonly CultureInfo[] Cultures = [.. UserPreferences.Languages.Select(l => new CultureInfo(l.Culture))];

    public static IServiceCollection AddPortal(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingPortalAuthenticationStateProvider>();
        services.AddScoped<CircuitHandler, CircuitRevalidation>();
        services.AddMudServices();
        services.AddScoped<PortalOperations>();
        services.AddScoped<LiveEvents>();
        services.AddScoped<UserPreferenceStore>();
        services.AddScoped<OperatorQueries>();
        services.AddScoped<ResponseMetricsQueries>();
        services.AddScoped<UserClock>();
        services.AddScoped<ApiKeyQueries>();
        services.AddScoped<MemberQueries>();
        // No ResourcesPath: the resources are found by the type's full name (WhatsPortal.Web.Resources.PortalText).
        services.AddLocalization();
        services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        return services;
    }

    /// <summary>The user's stored language, else this browser's choice (culture cookie), else Accept-Language, else English.
    /// Runs after authentication: the stored language is a claim of the sign-in cookie.</summary>
    public static IApplicationBuilder UsePortalCulture(this IApplicationBuilder app)
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("en"),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
        };
        options.RequestCultureProviders.Insert(0, new UserCultureProvider());
        return app.UseRequestLocalization(options);
    }

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(server => server.ConfigureWebSocketAcceptContext = CompressEachBatchOnItsOwn);
        app.MapPortalInstances();
        app.MapPost("/portal/culture", SwitchCulture).RequireAntiforgeryToken().ExcludeFromDescription();
        // A form post (with the antiforgery token the layout renders), never a GET a third-party page could trigger.
        app.MapPost("/Account/Logout", async (HttpContext http, SignInManager<AppUser> signIn) =>
        {
            // A new security stamp makes any copy of the cookie fail its next check, not only the one this browser drops;
            // the user's other sessions end with it.
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user) await signIn.UserManager.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/Account/Login");
        }).RequireAntiforgeryToken().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Render batches stay compressed, but each with a fresh deflate state that is freed when the message is sent. With
    /// the default context takeover every circuit's WebSocket keeps its own zlib state (native memory, unseen by the
    /// garbage collector) for as long as the page is open: freeing it took the server's memory per circuit from 3.9 to
    /// 2.9 MiB (docs/benchmarks.md, "Issue 13"). The price is a little less compression of batches that repeat the
    /// previous one's text; a side benefit is that no batch is compressed against another's content.
    /// </summary>
    private static Task CompressEachBatchOnItsOwn(HttpContext http, WebSocketAcceptContext accept)
    {
        accept.DisableServerContextTakeover = true;
        return Task.CompletedTask;
    }

    /// <summary>The language switch of the user menu: a cookie for this browser (it wins over Accept-Language, also on the
    /// login page), and for a signed-in user the stored choice, so it follows them to other browsers.</summary>
    private static async Task<IResult> SwitchCulture([Microsoft.AspNetCore.Mvc.FromForm] string culture, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl,
        HttpContext http, UserManager<AppUser> users, SignInManager<AppUser> signIn)
    {
        if (UserPreferences.IsLanguage(culture))
        {
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            if (await users.GetUserAsync(http.User) is { } user && user.Culture != culture)
            {
                user.Culture = culture;
                await UserPreferences.SaveAsync(user, users, signIn);
            }
        }
        return TypedResults.LocalRedirect(Pages.Account.Login.LocalReturnUrl(returnUrl));
    }
}
