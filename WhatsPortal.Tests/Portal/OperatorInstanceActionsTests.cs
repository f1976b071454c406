using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Commands;

namespace WhatsPortal.Tests.Portal;

/// <summary>
/// The operator's door of <see cref="InstanceLifecycleCommand"/>, which the operator pages' buttons call through
/// PortalOperations, run here on the real app and engine as the signed-in user they act for. Its buttons and dialogs:
/// InstanceActionsTests and the browser's operator journey.
/// </summary>
public sealed class OperatorInstanceActionsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_operator_stops_another_tenants_instance_and_its_tenant_reads_who_did_it()
    {
        var (tenantId, _, instanceId) = await SeedRunningInstanceAsync();
        var (otherTenantId, _, _) = await SeedRunningInstanceAsync();

        var result = await RunAsAsync(PortalFactory.AdminEmail, c => c.RunAsOperatorAsync(instanceId, InstanceAction.Stop, CancellationToken.None));

        Assert.Equal(CommandStatus.Done, result.Status);
        await using var db = factory.AcrossTenants();
        var instance = await db.Instances.SingleAsync(i => i.Id == instanceId);
        Assert.Equal(InstanceStatus.Stopped, instance.Status);
        Assert.False(instance.AutoStart);
        Assert.Contains(await db.InstanceEvents.Where(e => e.InstanceId == instanceId).ToListAsync(), e => e.Type == "operator" && e.Message == "Stopped by the operator.");
        Assert.True(await db.Instances.AnyAsync(i => i.TenantId == otherTenantId && i.Status == InstanceStatus.Connected), "only the chosen instance changes");
    }

    [Fact]
    public async Task A_tenant_user_calling_the_operators_door_is_not_found_and_nothing_changes()
    {
        var (_, ownerEmail, instanceId) = await SeedRunningInstanceAsync();
        foreach (var action in new[] { InstanceAction.Stop, InstanceAction.Delete })
        {
            var result = await RunAsAsync(ownerEmail, c => c.RunAsOperatorAsync(instanceId, action, CancellationToken.None));
            Assert.Equal(CommandStatus.NotFound, result.Status);
        }
        await AssertUntouchedAsync(instanceId);
    }

    [Fact]
    public async Task The_operator_opens_another_tenants_instance_and_a_tenant_user_cannot()
    {
        var (_, ownerEmail, instanceId) = await SeedRunningInstanceAsync();
        using var admin = await PortalUsers.LogInAsync(factory, PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        var path = $"/admin/instances/{instanceId}";
        var page = await PortalUsers.GetPageAsync(admin, path);
        Assert.Equal("connected", page.QuerySelector($"[data-status-for='{instanceId}']")!.GetAttribute("data-status"));
        // Chats stay the tenant's.
        Assert.Null(page.QuerySelector("#chats"));

        using var owner = await PortalUsers.LogInAsync(factory, ownerEmail);
        Assert.NotEqual(HttpStatusCode.OK, (await owner.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/instances/{Guid.NewGuid()}")).StatusCode);
    }

    /// <summary>Runs the command in its own scope acting for the user with <paramref name="email"/>, as PortalOperations does for a circuit.</summary>
    private async Task<CommandResult<Instance>> RunAsAsync(string email, Func<InstanceLifecycleCommand, Task<CommandResult<Instance>>> operation)
    {
        var user = await factory.PrincipalOfAsync(email);
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(user);
        return await operation(scope.ServiceProvider.GetRequiredService<InstanceLifecycleCommand>());
    }

    /// <summary>A tenant with an owner and an instance its row says is connected and kept running (no engine needed to stop it).</summary>
    private async Task<(Guid TenantId, string OwnerEmail, Guid InstanceId)> SeedRunningInstanceAsync()
    {
        var (tenantId, email) = await PortalUsers.CreateOwnerAsync(factory);
        await using var db = factory.Services.GetRequiredService<WhatsPortalDbContextFactory>().ForTenant(tenantId);
        var instance = new Instance { Name = "sales", Status = InstanceStatus.Connected, AutoStart = true };
        db.Instances.Add(instance);
        await db.SaveChangesAsync();
        return (tenantId, email, instance.Id);
    }

    private async Task AssertUntouchedAsync(Guid instanceId)
    {
        await using var db = factory.AcrossTenants();
        var instance = await db.Instances.SingleAsync(i => i.Id == instanceId);
        Assert.Equal(InstanceStatus.Connected, instance.Status);
        Assert.True(instance.AutoStart);
        Assert.False(await db.InstanceEvents.AnyAsync(e => e.InstanceId == instanceId && e.Type == "operator"));
    }
}
