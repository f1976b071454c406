using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Components;

/// <summary>What the operator pages' tests share: the operator's sign-in, instances to list, and whether a page answered "not found".</summary>
internal static class OperatorComponents
{
    public const string Hostile = "<img src=x onerror=alert(1)>";

    /// <summary>Signs in as the administrator the first run created.</summary>
    public static async Task SignInOperatorAsync(this PortalComponents portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(PortalFactory.AdminEmail);
        await portal.SignInAsync(admin!);
    }

    /// <summary>The dialog and popover hosts the layout renders, for confirmations and selects.</summary>
    public static IRenderedComponent<MudDialogProvider> RenderProviders(this PortalComponents portal)
    {
        portal.Context.Render<MudPopoverProvider>();
        return portal.Context.Render<MudDialogProvider>();
    }

    public static async Task<Instance> AddInstanceAsync(this PortalComponents portal, Guid tenantId, string name, InstanceStatus status = InstanceStatus.Stopped)
    {
        await using var db = portal.Contexts.ForTenant(tenantId);
        var instance = new Instance { Name = name, Status = status };
        db.Instances.Add(instance);
        await db.SaveChangesAsync();
        return instance;
    }

    /// <summary>Becomes true when a component calls <see cref="NavigationManager.NotFound"/>.</summary>
    public static Func<bool> WatchNotFound(this PortalComponents portal)
    {
        var notFound = false;
        portal.Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => notFound = true;
        return () => notFound;
    }

    /// <summary>Runs the rest of the test with Brazilian Portuguese texts, as for a user who chose them.</summary>
    public static void InPortuguese()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("pt-BR");
    }
}
