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
    public async Task Deleting_asks_first_and_cancelling_keeps_the_instance()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync();
        var instance = await DashboardTests.AddInstanceAsync(portal, tenant.Id, "<b>sales</b>");
        await portal.SignInAsync(user);
        var dialogs = portal.Context.Render<MudDialogProvider>();
        var actions = Render(portal, instance.Id, InstanceStatus.Stopped, instance.Name);

        await actions.Find("[data-action=delete]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Delete \"<b>sales</b>\" with all its chats and messages?", dialogs.Find(".mud-dialog").TextContent));
        Assert.Empty(dialogs.FindAll(".mud-dialog b"));
        await dialogs.Find("#confirm-cancel").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        await using var db = portal.Contexts.ForTenant(tenant.Id);
        Assert.True(await db.Instances.AnyAsync(i => i.Id == instance.Id));
    }

    [Fact]
    public async Task A_confirmed_delete_removes_the_instance()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync();
        var instance = await DashboardTests.AddInstanceAsync(portal, tenant.Id, "sales");
        await portal.SignInAsync(user);
        var dialogs = portal.Context.Render<MudDialogProvider>();
        var deleted = false;
        var actions = Render(portal, instance.Id, InstanceStatus.Stopped, instance.Name, deleted: () => deleted = true);

        await actions.Find("[data-action=delete]").ClickAsync(new());
        await dialogs.WaitForElement("#confirm-ok").ClickAsync(new());

        actions.WaitForAssertion(() => Assert.True(deleted));
        await using var db = portal.Contexts.AcrossTenants();
        Assert.False(await db.Instances.AnyAsync(i => i.Id == instance.Id));
    }

    [Theory]
    [InlineData("start", false)]
    [InlineData("delete", false)]
    [InlineData("stop", true)]
    public async Task A_tampered_call_for_another_tenants_instance_is_not_found_and_changes_nothing(string action, bool operatorDoor)
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (_, user) = await portal.CreateTenantUserAsync();
        var (theirs, _) = await portal.CreateTenantUserAsync();
        var foreign = await DashboardTests.AddInstanceAsync(portal, theirs.Id, "theirs",
            action == "start" ? InstanceStatus.Stopped : InstanceStatus.Connected);
        await portal.SignInAsync(user);
        var dialogs = portal.Context.Render<MudDialogProvider>();
        var snackbar = portal.Context.Render<MudSnackbarProvider>();
        // The circuit names their instance (and, for the operator's door, claims to be the operator's page).
        var actions = Render(portal, foreign.Id, action == "start" ? InstanceStatus.Stopped : InstanceStatus.Connected, "theirs", operatorDoor: operatorDoor);

        await actions.Find($"[data-action={action}]").ClickAsync(new());
        if (action == "delete") await dialogs.WaitForElement("#confirm-ok").ClickAsync(new());

        snackbar.WaitForAssertion(() => Assert.Contains("Not found", snackbar.Markup));
        await using var db = portal.Contexts.AcrossTenants();
        var untouched = await db.Instances.SingleAsync(i => i.Id == foreign.Id);
        Assert.Equal(foreign.Status, untouched.Status);
        Assert.Equal(foreign.AutoStart, untouched.AutoStart);
        Assert.False(await db.InstanceEvents.AnyAsync(e => e.InstanceId == foreign.Id && e.Type == "operator"));
    }

    [Fact]
    public async Task The_operator_stops_another_tenants_instance_and_its_tenant_reads_who_did_it()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, _) = await portal.CreateTenantUserAsync();
        var instance = await DashboardTests.AddInstanceAsync(portal, tenant.Id, "sales", InstanceStatus.Connected);
        await SignInAsOperatorAsync(portal);
        Instance? changed = null;
        var actions = Render(portal, instance.Id, InstanceStatus.Connected, "sales", operatorDoor: true, changed: i => changed = i);

        await actions.Find("[data-action=stop]").ClickAsync(new());

        actions.WaitForAssertion(() => Assert.Equal(InstanceStatus.Stopped, changed?.Status));
        await using var db = portal.Contexts.AcrossTenants();
        var stopped = await db.Instances.SingleAsync(i => i.Id == instance.Id);
        Assert.Equal((InstanceStatus.Stopped, false), (stopped.Status, stopped.AutoStart));
        Assert.Contains(await db.InstanceEvents.Where(e => e.InstanceId == instance.Id).ToListAsync(), e => e.Type == "operator" && e.Message == "Stopped by the operator.");
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
