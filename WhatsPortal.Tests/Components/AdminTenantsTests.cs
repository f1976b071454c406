using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Components.Admin;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Tests.Components;

/// <summary>The operator's tenants: usage, suspension, quota and a new tenant through the component door. The API door of
/// the same commands is proven by AdminTenantActionsApiTests and AdminApiTests.</summary>
public sealed class AdminTenantsTests
{
    [Fact]
    public async Task The_operator_sees_every_tenant_with_its_usage_and_a_hostile_name_stays_text()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, _) = await portal.CreateTenantUserAsync();
        await RenameAsync(portal, tenant.Id, OperatorComponents.Hostile);
        await portal.AddInstanceAsync(tenant.Id, "sales", InstanceStatus.Connected);
        await portal.AddInstanceAsync(tenant.Id, "support");
        await portal.SignInOperatorAsync();

        var cut = portal.Context.Render<AdminTenants>();

        var row = Row(cut, tenant.Id);
        Assert.Equal(OperatorComponents.Hostile, row.QuerySelector($"[data-tenant='{tenant.Id}']")!.TextContent);
        Assert.Empty(cut.FindAll("#tenants img"));
        Assert.Equal(new[] { "2", "1" }, row.Children.Skip(1).Take(2).Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public async Task A_tenant_user_gets_not_found_from_the_component_and_from_a_tampered_call_and_nothing_changes()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(owner);
        var notFound = portal.WatchNotFound();

        var cut = portal.Context.Render<AdminTenants>();

        Assert.True(notFound());
        Assert.Empty(cut.FindAll("[data-tenant]"));
        var operations = portal.Services.GetRequiredService<PortalOperations>();
        Assert.Equal(CommandStatus.TenantNotFound, (await operations.RunAsync<SuspendTenantCommand, CommandResult<Tenant>>(c => c.RunAsync(tenant.Id, default))).Status);
        Assert.Equal(CommandStatus.TenantNotFound, (await operations.RunAsync<SetTenantQuotaCommand, CommandResult<Tenant>>(c => c.RunAsync(tenant.Id, 5, default))).Status);
        Assert.Equal(CommandStatus.TenantNotFound, (await operations.RunAsync<CreateTenantCommand, CommandResult<Tenant>>(c => c.RunAsync("Sneaky", null, null, default))).Status);
        Assert.Null(await operations.RunAsync<OperatorQueries, IReadOnlyList<TenantUsage>?>(q => q.TenantsAsync()));
        await using var db = portal.Contexts.AcrossTenants();
        var stored = await db.Tenants.SingleAsync(t => t.Id == tenant.Id);
        Assert.Null(stored.SuspendedAt);
        Assert.Null(stored.InstanceQuota);
        Assert.False(await db.Tenants.AnyAsync(t => t.Name == "Sneaky"));
    }

    [Fact]
    public async Task The_operator_suspends_a_tenant_only_after_confirming_and_resumes_it()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, _) = await portal.CreateTenantUserAsync();
        await portal.SignInOperatorAsync();
        var dialogs = portal.RenderProviders();
        var cut = portal.Context.Render<AdminTenants>();

        // The click's handler waits for the answer: it is awaited only once the dialog is answered.
        var asking = Row(cut, tenant.Id).QuerySelector("[data-tenant-action=suspend]")!.ClickAsync(new());
        await dialogs.WaitForElement("#confirm-ok").ParentElement!.QuerySelector("button:not(#confirm-ok)")!.ClickAsync(new());
        await asking;
        Assert.Null(await SuspendedAtAsync(portal, tenant.Id));

        asking = Row(cut, tenant.Id).QuerySelector("[data-tenant-action=suspend]")!.ClickAsync(new());
        await dialogs.ClickWhenShownAsync("#confirm-ok");
        await asking;
        cut.WaitForAssertion(() => Assert.NotNull(Row(cut, tenant.Id).QuerySelector("[data-tenant-action=resume]")));
        Assert.NotNull(await SuspendedAtAsync(portal, tenant.Id));

        await Row(cut, tenant.Id).QuerySelector("[data-tenant-action=resume]")!.ClickAsync(new());
        cut.WaitForAssertion(() => Assert.NotNull(Row(cut, tenant.Id).QuerySelector("[data-tenant-action=suspend]")));
        Assert.Null(await SuspendedAtAsync(portal, tenant.Id));
    }

    [Fact]
    public async Task A_negative_quota_gets_the_commands_message_in_the_users_language_and_changes_nothing()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, _) = await portal.CreateTenantUserAsync();
        await portal.SignInOperatorAsync();
        OperatorComponents.InPortuguese();
        var cut = portal.Context.Render<AdminTenants>();

        await Row(cut, tenant.Id).QuerySelector($"[data-quota-for='{tenant.Id}'] input")!.ChangeAsync(new() { Value = "-1" });
        await Row(cut, tenant.Id).QuerySelector("[data-action=save-quota]")!.ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("A cota é um número de 0 a 10000, ou vazia para não ter limite.", Row(cut, tenant.Id).TextContent));
        Assert.Null(await QuotaAsync(portal, tenant.Id));

        await Row(cut, tenant.Id).QuerySelector($"[data-quota-for='{tenant.Id}'] input")!.ChangeAsync(new() { Value = "3" });
        await Row(cut, tenant.Id).QuerySelector("[data-action=save-quota]")!.ClickAsync(new());
        cut.WaitForAssertion(() => Assert.DoesNotContain("A cota é", Row(cut, tenant.Id).TextContent));
        Assert.Equal(3, await QuotaAsync(portal, tenant.Id));
    }

    [Fact]
    public async Task A_tenant_without_a_name_is_refused_in_the_users_language_and_one_with_a_name_is_created_with_its_owner()
    {
        await using var portal = await PortalComponents.CreateAsync();
        await portal.SignInOperatorAsync();
        OperatorComponents.InPortuguese();
        var cut = portal.Context.Render<AdminTenants>();
        int Tenants() { using var db = portal.Contexts.AcrossTenants(); return db.Tenants.Count(); }
        var before = Tenants();

        await cut.ClickAsync("#create-tenant");
        cut.WaitForAssertion(() => Assert.Contains("Informe o nome da empresa.", cut.Markup));
        Assert.Equal(before, Tenants());

        var email = $"owner-{Guid.NewGuid():N}@nova.test";
        await cut.ChangeAsync("input#new-tenant-name", "Nova Ltda");
        await cut.ChangeAsync("input#new-tenant-owner-email", email);
        await cut.ChangeAsync("input#new-tenant-owner-password", "Owner-Passw0rd-1");
        await cut.ClickAsync("#create-tenant");

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("#tenants [data-tenant]"), t => t.TextContent == "Nova Ltda"));
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var owner = (await users.FindByEmailAsync(email))!;
        Assert.True(await users.IsInRoleAsync(owner, Roles.Owner));
        Assert.True(await users.CheckPasswordAsync(owner, "Owner-Passw0rd-1"));
    }

    private static IElement Row(IRenderedComponent<AdminTenants> cut, Guid tenantId) =>
        cut.Find($"#tenants [data-tenant='{tenantId}']").Closest("tr")!;

    private static async Task RenameAsync(PortalComponents portal, Guid tenantId, string name)
    {
        await using var db = portal.Contexts.AcrossTenants();
        await db.Tenants.Where(t => t.Id == tenantId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Name, name));
    }

    private static async Task<DateTime?> SuspendedAtAsync(PortalComponents portal, Guid tenantId)
    {
        await using var db = portal.Contexts.AcrossTenants();
        return (await db.Tenants.SingleAsync(t => t.Id == tenantId)).SuspendedAt;
    }

    private static async Task<int?> QuotaAsync(PortalComponents portal, Guid tenantId)
    {
        await using var db = portal.Contexts.AcrossTenants();
        return (await db.Tenants.SingleAsync(t => t.Id == tenantId)).InstanceQuota;
    }
}
