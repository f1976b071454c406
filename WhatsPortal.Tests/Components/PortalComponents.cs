using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Cluster;
using WhatsPortal.Engine.Events;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Infrastructure;

namespace WhatsPortal.Tests.Components;

/// <summary>
/// bUnit over the portal's real services: the host's own registrations on a real SQLite file in a temporary data
/// directory, with a migrated database and the first administrator. Nothing of the host runs in the background (no
/// engine loop, no reconciler, no Chromium) but the silo the engine's calls go through: a test raises engine events
/// itself through <see cref="Events"/>. bUnit's own test doubles (navigation, JS runtime, authentication) take the
/// place of the browser's.
/// </summary>
public sealed class PortalComponents : IAsyncDisposable
{
    private readonly TestDirectory _data = new();

    // bUnit's default of 1 s for every WaitFor is too short for a CI run where many test classes render at once on two
    // cores (a wait timed out there with the component on its way). Waiting longer only matters when a test would fail.
    static PortalComponents() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    private PortalComponents(TimeProvider? clock)
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Authorization = Context.AddAuthorization();
        var bunitServices = Context.Services.Select(d => d.ServiceType).ToHashSet();
        foreach (var descriptor in HostServices(_data.Path))
        {
            // bUnit's doubles win over the host's (NavigationManager, IJSRuntime, AuthenticationStateProvider...);
            // options and other multi-registrations are added whole.
            var multiple = descriptor.ServiceType.IsGenericType && descriptor.ServiceType.Name.StartsWith("I", StringComparison.Ordinal)
                && descriptor.ServiceType.Name.Contains("Options", StringComparison.Ordinal);
            if (Background(descriptor)) continue;
            if (multiple || !bunitServices.Contains(descriptor.ServiceType)) Context.Services.Add(descriptor);
        }
        if (clock is not null) Context.Services.AddTestClock(clock);
        // The portal runs over a circuit: components see an interactive server renderer, as in the browser.
        Context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    public BunitContext Context { get; } = new();

    public BunitAuthorizationContext Authorization { get; }

    public IServiceProvider Services => Context.Services;

    public IEngineEvents Events => Services.GetRequiredService<IEngineEvents>();

    public WhatsPortalDbContextFactory Contexts => Services.GetRequiredService<WhatsPortalDbContextFactory>();

    /// <param name="clock">The portal's clock; the system clock when null.</param>
    public static async Task<PortalComponents> CreateAsync(TimeProvider? clock = null)
    {
        var components = new PortalComponents(clock);
        foreach (var silo in components.Services.GetServices<IHostedService>()) await silo.StartAsync(CancellationToken.None);
        await components.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await components.Services.GetRequiredService<FirstRunSetup>().RunAsync();
        return components;
    }

    /// <summary>A new tenant with one user of the given role, stored as the portal's own commands would store them.</summary>
    public async Task<(Tenant Tenant, AppUser User)> CreateTenantUserAsync(string role = Roles.Owner)
    {
        await using var db = Contexts.AcrossTenants();
        var tenant = new Tenant { Name = "Tenant " + Guid.NewGuid().ToString("N")[..8] };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        var user = new AppUser { UserName = email, Email = email, TenantId = tenant.Id, EmailConfirmed = true };
        Check(await users.CreateAsync(user, "Passw0rd-For-Tests"));
        Check(await users.AddToRoleAsync(user, role));
        return (tenant, user);
    }

    /// <summary>Signs the component tree in as <paramref name="user"/>, with the claims a real sign-in cookie carries.</summary>
    public async Task SignInAsync(AppUser user)
    {
        await using var scope = Services.CreateAsyncScope();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        Authorization.SetAuthorized(user.UserName!);
        // Roles first: bUnit rebuilds the principal's claims when roles are set.
        Authorization.SetRoles([.. principal.FindAll(ClaimTypes.Role).Select(c => c.Value)]);
        Authorization.SetClaims([.. principal.Claims.Where(c => c.Type != ClaimTypes.Name && c.Type != ClaimTypes.Role)]);
    }

    public async ValueTask DisposeAsync()
    {
        // The components first: a page still loading must not call a grain of a silo that is stopping.
        await Context.DisposeComponentsAsync();
        foreach (var silo in Services.GetServices<IHostedService>()) await silo.StopAsync(CancellationToken.None);
        await Context.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>The host's background work, left out: every hosted service but the Orleans silo, and the silo's own loops.</summary>
    private static bool Background(ServiceDescriptor descriptor) =>
        (descriptor.ServiceType == typeof(IHostedService) && descriptor.ImplementationType?.Assembly.GetName().Name != "Orleans.Runtime")
        || descriptor.ImplementationType == typeof(InstanceReconciler) || descriptor.ImplementationType == typeof(NodeHeartbeat);

    private static IServiceCollection HostServices(string dataDirectory)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Admin:Email"] = PortalFactory.AdminEmail,
            ["Admin:Password"] = PortalFactory.AdminPassword,
        });
        builder.AddWhatsPortal();
        return builder.Services;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
