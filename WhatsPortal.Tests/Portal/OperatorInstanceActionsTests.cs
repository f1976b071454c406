using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Portal;

/// <summary>The operator's form posts on any tenant's instance; nobody else can post them. Its buttons: InstanceActionsTests.</summary>
public sealed class OperatorInstanceActionsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_tenant_user_posting_the_operators_action_is_refused_and_nothing_changes()
    {
        var (_, ownerEmail, instanceId) = await SeedRunningInstanceAsync();
        using var owner = await PortalUsers.LogInAsync(factory, ownerEmail);
        var token = (await PortalUsers.GetPageAsync(owner, "/Account/Preferences")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        foreach (var action in new[] { "stop", "delete" })
        {
            var response = await owner.PostAsync($"/portal/admin/instances/{instanceId}/{action}",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["returnUrl"] = "/" }));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        await AssertUntouchedAsync(instanceId);
    }

    [Fact]
    public async Task The_operators_action_needs_the_antiforgery_token()
    {
        var (_, _, instanceId) = await SeedRunningInstanceAsync();
        using var admin = await PortalUsers.LogInAsync(factory, PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        var response = await admin.PostAsync($"/portal/admin/instances/{instanceId}/stop",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/admin/instances" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertUntouchedAsync(instanceId);
    }

    [Fact]
    public async Task The_operator_opens_another_tenants_instance_and_reads_its_log()
    {
        var (tenantId, ownerEmail, instanceId) = await SeedRunningInstanceAsync();
        await using (var db = factory.AcrossTenants())
        {
            db.InstanceEvents.Add(new InstanceEvent { TenantId = tenantId, InstanceId = instanceId, Type = "status", Level = InstanceEventLevel.Warning, Message = "Browser lost: the page crashed." });
            await db.SaveChangesAsync();
        }
        using var admin = await PortalUsers.LogInAsync(factory, PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        var list = await PortalUsers.GetPageAsync(admin, "/admin/instances");
        Assert.NotNull(list.QuerySelector($"#all-instances a[href='admin/instances/{instanceId}']"));

        var path = $"/admin/instances/{instanceId}";
        var page = await PortalUsers.GetPageAsync(admin, path);
        Assert.Contains("Browser lost: the page crashed.", page.QuerySelector("#event-log")!.TextContent);
        Assert.Equal("connected", page.QuerySelector($"[data-status-for='{instanceId}']")!.GetAttribute("data-status"));
        // Chats stay the tenant's.
        Assert.Null(page.QuerySelector("[id^=chats-]"));

        using var owner = await PortalUsers.LogInAsync(factory, ownerEmail);
        Assert.NotEqual(HttpStatusCode.OK, (await owner.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/instances/{Guid.NewGuid()}")).StatusCode);
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
