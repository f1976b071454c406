using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Portal;

/// <summary>The operator starts, stops and deletes any tenant's instance from the all-instances page; nobody else can.</summary>
public sealed class OperatorInstanceActionsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_operator_stops_another_tenants_instance_and_its_tenant_reads_who_did_it()
    {
        var (tenantId, _, instanceId) = await SeedRunningInstanceAsync();
        var (otherTenantId, _, _) = await SeedRunningInstanceAsync();
        using var admin = await PortalUsers.LogInAsync(factory, PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        var path = $"/admin/instances?tenant={tenantId}";
        var page = await PortalUsers.GetPageAsync(admin, path);
        Assert.Equal([instanceId.ToString()], page.QuerySelectorAll("#all-instances [data-instance]").Select(r => r.GetAttribute("data-instance")));
        var stopped = await PortalUsers.SubmitAsync(admin, page, $"form[action='portal/admin/instances/{instanceId}/stop']", path);
        Assert.Equal(HttpStatusCode.Redirect, stopped.StatusCode);
        var back = await PortalUsers.GetPageAsync(admin, stopped.Headers.Location!.OriginalString);
        Assert.Contains("Stopped: sales", back.QuerySelector("#notice")!.TextContent);
        Assert.DoesNotContain(back.QuerySelectorAll("#all-instances [data-instance]"), r => r.GetAttribute("data-instance") != instanceId.ToString());

        await using (var db = factory.AcrossTenants())
        {
            var instance = await db.Instances.SingleAsync(i => i.Id == instanceId);
            Assert.Equal(InstanceStatus.Stopped, instance.Status);
            Assert.False(instance.AutoStart);
            Assert.Contains(await db.InstanceEvents.Where(e => e.InstanceId == instanceId).ToListAsync(), e => e.Type == "operator" && e.Message == "Stopped by the operator.");
            Assert.True(await db.Instances.AnyAsync(i => i.TenantId == otherTenantId && i.Status == InstanceStatus.Connected), "only the chosen instance changes");
        }
    }

    [Fact]
    public async Task The_operator_deletes_an_instance_after_the_page_asks_first()
    {
        var (_, _, instanceId) = await SeedRunningInstanceAsync();
        using var admin = await PortalUsers.LogInAsync(factory, PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        var page = await PortalUsers.GetPageAsync(admin, "/admin/instances");
        var form = $"form[action='portal/admin/instances/{instanceId}/delete']";
        Assert.False(string.IsNullOrEmpty(page.QuerySelector(form)!.GetAttribute("data-confirm")));
        Assert.Equal(HttpStatusCode.Redirect, (await PortalUsers.SubmitAsync(admin, page, form, "/admin/instances")).StatusCode);
        await using var db = factory.AcrossTenants();
        Assert.False(await db.Instances.AnyAsync(i => i.Id == instanceId));
    }

    [Fact]
    public async Task A_tenant_user_posting_the_operators_action_is_refused_and_nothing_changes()
    {
        var (_, ownerEmail, instanceId) = await SeedRunningInstanceAsync();
        using var owner = await PortalUsers.LogInAsync(factory, ownerEmail);
        var token = (await PortalUsers.GetPageAsync(owner, "/")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
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
    public async Task The_operators_live_stream_carries_every_tenants_badges_and_a_tenants_stream_only_its_own()
    {
        var (_, ownerEmail, ownInstance) = await SeedRunningInstanceAsync();
        var (_, _, otherInstance) = await SeedRunningInstanceAsync();
        using var admin = await PortalUsers.LogInAsync(factory, PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        var operatorState = await FirstStateAsync(admin, "/portal/live");
        Assert.Contains($"status-{ownInstance}", operatorState);
        Assert.Contains($"status-{otherInstance}", operatorState);
        // Only badges: an instance page's or a thread's stream stays the tenant's own.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/portal/live?instance={ownInstance}")).StatusCode);

        using var owner = await PortalUsers.LogInAsync(factory, ownerEmail);
        var tenantState = await FirstStateAsync(owner, "/portal/live");
        Assert.Contains($"status-{ownInstance}", tenantState);
        Assert.DoesNotContain($"status-{otherInstance}", tenantState);
    }

    /// <summary>The stream's first event: the current state of everything the page shows.</summary>
    private static async Task<string> FirstStateAsync(HttpClient browser, string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await browser.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var text = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0 && text.ToString().Contains("event: ")) break;
            text.AppendLine(line);
        }
        return text.ToString();
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
