using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Components.Pages.Admin;

namespace WhatsPortal.Tests.Components;

/// <summary>The operator's list of every tenant's instances: filters, live statuses, and nothing for anyone else.</summary>
public sealed class AllInstancesTests
{
    [Fact]
    public async Task The_operator_sees_every_tenants_instances_with_hostile_names_as_text_and_statuses_change_live()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (first, _) = await portal.CreateTenantUserAsync();
        var (second, _) = await portal.CreateTenantUserAsync();
        var sales = await portal.AddInstanceAsync(first.Id, "sales");
        var hostile = await portal.AddInstanceAsync(second.Id, OperatorComponents.Hostile);
        await portal.SignInOperatorAsync();
        portal.RenderProviders();

        var cut = portal.Context.Render<AllInstances>();

        Assert.Equal(OperatorComponents.Hostile, cut.Find($"[data-instance='{hostile.Id}']").TextContent);
        Assert.Empty(cut.FindAll("#all-instances img"));
        Assert.Equal("stopped", Status(cut, sales.Id));

        portal.Events.Publish(new InstanceStatusChanged(second.Id, hostile.Id, DateTime.UtcNow, InstanceStatus.Stopped, InstanceStatus.Connected, null));
        cut.WaitForAssertion(() => Assert.Equal("connected", Status(cut, hostile.Id)));
        Assert.Equal("stopped", Status(cut, sales.Id));
    }

    [Fact]
    public async Task The_operator_narrows_the_list_to_a_tenant_and_by_name()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (first, _) = await portal.CreateTenantUserAsync();
        var (second, _) = await portal.CreateTenantUserAsync();
        var sales = await portal.AddInstanceAsync(first.Id, "sales");
        var support = await portal.AddInstanceAsync(first.Id, "support");
        var other = await portal.AddInstanceAsync(second.Id, "sales desk");
        await portal.SignInOperatorAsync();
        portal.RenderProviders();

        var everyTenant = portal.Context.Render<AllInstances>();
        await everyTenant.InputAsync("input#filter-name", "sales");
        everyTenant.WaitForAssertion(() => Assert.Equal(new[] { sales.Id, other.Id }.Order(), Listed(everyTenant).Order()));

        var navigation = portal.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("tenant", first.Id));
        var cut = portal.Context.Render<AllInstances>();
        Assert.Equal(new[] { sales.Id, support.Id }, Listed(cut));

        await cut.InputAsync("input#filter-name", "SAL");
        cut.WaitForAssertion(() => Assert.Equal(new[] { sales.Id }, Listed(cut)));
    }

    [Fact]
    public async Task A_tenant_user_gets_not_found_and_no_instance()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.AddInstanceAsync(tenant.Id, "sales");
        await portal.SignInAsync(owner);
        portal.RenderProviders();
        var notFound = portal.WatchNotFound();

        var cut = portal.Context.Render<AllInstances>();

        Assert.True(notFound());
        Assert.Empty(cut.FindAll("[data-instance]"));
    }

    private static string? Status(IRenderedComponent<AllInstances> cut, Guid instanceId) =>
        cut.Find($"[data-instance='{instanceId}']").Closest("tr")!.QuerySelector("[data-status]")!.GetAttribute("data-status");

    private static Guid[] Listed(IRenderedComponent<AllInstances> cut) =>
        [.. cut.FindAll("#all-instances [data-instance]").Select(a => Guid.Parse(a.GetAttribute("data-instance")!))];
}
