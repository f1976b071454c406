using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Authentication;

public static class AuthenticationExtensions
{
    /// <summary>Identity with cookies for the portal, <c>X-Api-Key</c> for the API, and the request's tenant scope.</summary>
    public static IServiceCollection AddWhatsPortalAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section)
            .Validate(o => string.IsNullOrEmpty(o.ApiKey) || o.ApiKey.Length >= 32, "Admin:ApiKey must be at least 32 characters long.")
            .ValidateOnStart();

        services.AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<WhatsPortalDbContext>()
            .AddClaimsPrincipalFactory<TenantClaimsPrincipalFactory>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddDefaultTokenProviders();

        // Suspension, removal, password change, sign-out and key revocation reach cookies and open connections within
        // twice the interval; plain API requests look their key up each time and are refused at once.
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<SessionOptions>>((stamp, sessions) => stamp.ValidationInterval = sessions.Value.RevalidationInterval);
        services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, TenantSecurityStampValidator>());
        services.AddSingleton<PrincipalValidity>();
        services.AddSingleton<OpenConnections>();
        services.AddHostedService(sp => sp.GetRequiredService<OpenConnections>());
        services.AddScoped<PortalSignIn>();

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/Account/Login";
            cookie.LogoutPath = "/Account/Logout";
            cookie.AccessDeniedPath = "/Account/Login";
            cookie.Cookie.Name = "whatsportal";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(7);
            // A signed-in user posting to an action of a role they lack (e.g. the operator's) is refused, not sent to a login page they are past.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                if (context.Request.Path.StartsWithSegments("/portal")) context.Response.StatusCode = StatusCodes.Status403Forbidden;
                else context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
        });

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddWhatsPortalPolicies();

        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        // Instead of the data layer's closed default.
        services.Replace(ServiceDescriptor.Scoped<ITenantScopeSource, CurrentUserTenantScope>());
        return services;
    }
}
