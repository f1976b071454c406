using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Components.Instances;

namespace WhatsPortal.Tests.Components;

/// <summary>The lifecycle buttons shared by the dashboard, the instance page and the operator's pages: what they offer, and
/// that the server decides what they may do, whatever id a tampered circuit sends.</summary>
public sealed class InstanceActionsTests
{
    [Theory]
    [InlineData(InstanceStatus.Stopped, "start,delete")]
    [InlineData(InstanceStatus.Qr, "stop,restart,delete")]
    [InlineData(InstanceStatus.Connected, "stop,restart,logout,delete")]
    [InlineData(InstanceStatus.LoggedOut, "start,delete")]
    public async Task The_actions_fit_the_status(InstanceStatus status, string expected)
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (_, user) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);
        var actions = Render(portal, Guid.NewGuid(), status, "sales");
        Assert.Equal(expected, string.Join(",", actions.FindAll("[data-action]").Select(b => b.GetAttribute("data-action"))));
    }

    private static IRenderedComponent<InstanceActions> Render(PortalComponents portal, Guid id, InstanceStatus status, string name,
        bool operatorDoor = false, Action<Instance>? changed = null, Action? deleted = null)
    {
        portal.Context.Render<MudPopoverProvider>();
        return portal.Context.Render<InstanceActions>(p => p
            .Add(a => a.InstanceId, id).Add(a => a.Status, status).Add(a => a.InstanceName, name).Add(a => a.Operator, operatorDoor)
            .Add(a => a.Changed, i => changed?.Invoke(i)).Add(a => a.Deleted, () => deleted?.Invoke()));
    }

    internal static async Task SignInAsOperatorAsync(PortalComponents portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(PortalFactory.AdminEmail);
        await portal.SignInAsync(admin!);
    }
}
