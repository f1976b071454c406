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

    [Fact]
    public async Task Deleting_asks_first_cancelling_keeps_the_instance_and_confirming_deletes_it()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync();
        var instance = await DashboardTests.AddInstanceAsync(portal, tenant.Id, "sales");
        await portal.SignInAsync(user);
        var deleted = 0;
        var dialogs = portal.Context.Render<MudDialogProvider>();
        var actions = Render(portal, instance.Id, InstanceStatus.Stopped, "sales", deleted: () => deleted++);

        var asking = actions.ClickAsync("[data-action='delete']");
        await dialogs.ClickWhenShownAsync("#confirm-cancel");
        await asking;
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#confirm-ok")));
        Assert.True(await InstanceExistsAsync(portal, tenant.Id, instance.Id));
        Assert.Equal(0, deleted);

        asking = actions.ClickAsync("[data-action='delete']");
        await dialogs.ClickWhenShownAsync("#confirm-ok");
        await asking;
        actions.WaitForAssertion(() => Assert.Equal(1, deleted));
        Assert.False(await InstanceExistsAsync(portal, tenant.Id, instance.Id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tampered_call_for_another_tenants_instance_is_not_found_and_changes_nothing(bool operatorDoor)
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (_, user) = await portal.CreateTenantUserAsync();
        var (theirs, _) = await portal.CreateTenantUserAsync();
        var foreign = await DashboardTests.AddInstanceAsync(portal, theirs.Id, "support");
        await portal.SignInAsync(user);
        var snackbars = portal.Context.Render<MudSnackbarProvider>();
        var dialogs = portal.Context.Render<MudDialogProvider>();
        var changed = 0;
        // A circuit call naming their instance, as a tampered client could send it; the operator's door too.
        var actions = Render(portal, foreign.Id, InstanceStatus.Stopped, "support", operatorDoor, changed: _ => changed++, deleted: () => changed++);

        await actions.ClickAsync("[data-action='start']");
        snackbars.WaitForAssertion(() => Assert.Contains("Not found", snackbars.Markup));
        // The same message is shown once at a time, so the first goes before the second is awaited.
        portal.Services.GetRequiredService<ISnackbar>().Clear();
        snackbars.WaitForAssertion(() => Assert.DoesNotContain("Not found", snackbars.Markup));
        var asking = actions.ClickAsync("[data-action='delete']");
        await dialogs.ClickWhenShownAsync("#confirm-ok");
        await asking;
        snackbars.WaitForAssertion(() => Assert.Contains("Not found", snackbars.Markup));

        Assert.Equal(0, changed);
        await using var db = portal.Contexts.ForTenant(theirs.Id);
        var stored = await db.Instances.SingleAsync(i => i.Id == foreign.Id);
        Assert.Equal((InstanceStatus.Stopped, false), (stored.Status, stored.AutoStart));
    }

    private static async Task<bool> InstanceExistsAsync(PortalComponents portal, Guid tenantId, Guid instanceId)
    {
        await using var db = portal.Contexts.ForTenant(tenantId);
        return await db.Instances.AnyAsync(i => i.Id == instanceId);
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
