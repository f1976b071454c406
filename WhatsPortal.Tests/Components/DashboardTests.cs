using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Components.Pages;

namespace WhatsPortal.Tests.Components;

/// <summary>The tenant's dashboard: its instances with live status chips, and creating one through the shared command.</summary>
public sealed class DashboardTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Member)]
    public async Task A_tenant_user_sees_their_tenants_instances_only(string role)
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (mine, user) = await portal.CreateTenantUserAsync(role);
        var (theirs, _) = await portal.CreateTenantUserAsync();
        var own = await AddInstanceAsync(portal, mine.Id, "sales", InstanceStatus.Connected);
        var foreign = await AddInstanceAsync(portal, theirs.Id, "support");
        await portal.SignInAsync(user);

        var page = Render(portal);

        Assert.Equal([own.Id.ToString()], page.FindAll("#instances [data-instance]").Select(r => r.GetAttribute("data-instance")));
        Assert.Equal("connected", page.Find($"[data-status-for='{own.Id}']").GetAttribute("data-status"));
        Assert.Equal("1", page.Find("[data-summary='Connected']").TextContent);
        Assert.Empty(page.FindAll($"[data-instance='{foreign.Id}']"));
        Assert.Equal("stop,restart,logout,delete", string.Join(",", RowOf(page, own.Id).QuerySelectorAll("[data-action]").Select(b => b.GetAttribute("data-action"))));
    }

    [Fact]
    public async Task The_operator_gets_the_tenants_overview_instead()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, _) = await portal.CreateTenantUserAsync();
        await AddInstanceAsync(portal, tenant.Id, "sales");
        await InstanceActionsTests.SignInAsOperatorAsync(portal);

        var page = Render(portal);

        Assert.NotNull(page.Find("#tenants"));
        Assert.Empty(page.FindAll("#new-instance-name"));
        Assert.Empty(page.FindAll("#instances"));
    }

    [Fact]
    public async Task An_instance_with_no_instances_yet_says_so_and_a_created_one_appears_without_a_reload()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);
        var page = Render(portal);
        Assert.NotNull(page.Find("#no-instances"));

        await CreateAsync(page, "  sales  ");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#instances [data-instance]")));
        await using var db = portal.Contexts.ForTenant(tenant.Id);
        var created = await db.Instances.SingleAsync();
        Assert.Equal(("sales", InstanceStatus.Stopped), (created.Name, created.Status));
        Assert.Equal("stopped", page.Find($"[data-status-for='{created.Id}']").GetAttribute("data-status"));
        Assert.Empty(page.FindAll("#create-error"));
    }

    [Theory]
    [InlineData("en", "", "Enter a name for the instance.")]
    [InlineData("en", "long", "A name has at most 100 characters.")]
    [InlineData("en", "sales", "An instance named \"sales\" already exists.")]
    [InlineData("en", "quota", "Your plan allows 1 instances; delete one or ask the operator for more.")]
    [InlineData("pt-BR", "", "Informe um nome para a instância.")]
    [InlineData("pt-BR", "long", "Um nome tem no máximo 100 caracteres.")]
    [InlineData("pt-BR", "sales", "Já existe uma instância chamada “sales”.")]
    [InlineData("pt-BR", "quota", "Seu plano permite 1 instâncias; exclua uma ou peça mais ao operador.")]
    public async Task A_refused_name_gets_the_commands_message_in_the_readers_language_and_creates_nothing(string culture, string name, string message)
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync();
        await AddInstanceAsync(portal, tenant.Id, "sales");
        if (name == "quota")
        {
            await using var operatorDb = portal.Contexts.AcrossTenants();
            (await operatorDb.Tenants.SingleAsync(t => t.Id == tenant.Id)).InstanceQuota = 1;
            await operatorDb.SaveChangesAsync();
            name = "support";
        }
        await portal.SignInAsync(user);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            var page = Render(portal);
            await CreateAsync(page, name == "long" ? new string('x', Instance.NameMaxLength + 1) : name);
            page.WaitForAssertion(() => Assert.Equal(message, page.Find("#create-error").TextContent.Trim()));
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previous;
        }
        await using var db = portal.Contexts.ForTenant(tenant.Id);
        Assert.Equal(["sales"], await db.Instances.Select(i => i.Name).ToListAsync());
    }

    [Fact]
    public async Task A_status_change_from_the_engine_turns_the_chip_and_another_tenants_event_never_arrives()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (mine, user) = await portal.CreateTenantUserAsync();
        var (theirs, _) = await portal.CreateTenantUserAsync();
        var first = await AddInstanceAsync(portal, mine.Id, "a-sales");
        var second = await AddInstanceAsync(portal, mine.Id, "b-support");
        var foreign = await AddInstanceAsync(portal, theirs.Id, "c-theirs");
        await portal.SignInAsync(user);
        var page = Render(portal);

        // Published first: a forged event of another tenant naming our instance, and one of their own instance.
        portal.Events.Publish(Status(theirs.Id, first.Id, InstanceStatus.Failed));
        portal.Events.Publish(Status(theirs.Id, foreign.Id, InstanceStatus.Connected));
        portal.Events.Publish(Status(mine.Id, second.Id, InstanceStatus.Connected));

        page.WaitForAssertion(() => Assert.Equal("connected", page.Find($"[data-status-for='{second.Id}']").GetAttribute("data-status")));
        Assert.Equal("stopped", page.Find($"[data-status-for='{first.Id}']").GetAttribute("data-status"));
        Assert.Empty(page.FindAll($"[data-instance='{foreign.Id}']"));
        Assert.Equal("1", page.Find("[data-summary='Connected']").TextContent);
        // The actions follow the status too.
        Assert.NotNull(RowOf(page, second.Id).QuerySelector("[data-action='logout']"));
    }

    [Fact]
    public async Task An_instance_created_elsewhere_appears_with_its_first_status_change()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);
        var page = Render(portal);
        var created = await AddInstanceAsync(portal, tenant.Id, "api-made", InstanceStatus.Starting);

        portal.Events.Publish(Status(tenant.Id, created.Id, InstanceStatus.Starting));

        page.WaitForAssertion(() => Assert.Equal("starting", page.Find($"[data-status-for='{created.Id}']").GetAttribute("data-status")));
    }

    [Fact]
    public async Task A_hostile_instance_name_is_shown_as_text()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync();
        var instance = await AddInstanceAsync(portal, tenant.Id, Hostile);
        await portal.SignInAsync(user);

        var page = Render(portal);

        Assert.Equal(Hostile, page.Find($"a[data-instance='{instance.Id}']").TextContent);
        Assert.Empty(page.FindAll("#instances img"));
    }

    /// <summary>The grid row of an instance, found by the id its name link carries.</summary>
    private static AngleSharp.Dom.IElement RowOf(IRenderedComponent<Home> page, Guid instanceId) =>
        page.Find($"#instances a[data-instance='{instanceId}']").Closest("tr")!;

    internal static IRenderedComponent<Home> Render(PortalComponents portal)
    {
        portal.Context.Render<MudPopoverProvider>();
        portal.Context.Render<MudSnackbarProvider>();
        return portal.Context.Render<Home>();
    }

    private static async Task CreateAsync(IRenderedComponent<Home> page, string name)
    {
        await page.ChangeAsync("#new-instance-name", name);
        await page.SubmitAsync("form");
    }

    internal static async Task<Instance> AddInstanceAsync(PortalComponents portal, Guid tenantId, string name, InstanceStatus status = InstanceStatus.Stopped)
    {
        await using var db = portal.Contexts.ForTenant(tenantId);
        var instance = new Instance { Name = name, Status = status, AutoStart = status != InstanceStatus.Stopped };
        db.Instances.Add(instance);
        await db.SaveChangesAsync();
        return instance;
    }

    private static InstanceStatusChanged Status(Guid tenantId, Guid instanceId, InstanceStatus to) =>
        new(tenantId, instanceId, DateTime.UtcNow, InstanceStatus.Stopped, to, null);
}
