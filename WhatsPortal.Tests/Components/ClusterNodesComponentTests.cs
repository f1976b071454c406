using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Components.Pages.Admin;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Tests.Components;

/// <summary>
/// The operator's nodes page and where each instance runs, through the component door, on a clock the test moves (so a
/// heartbeat's age, and the page's refresh, are what the test says). The API door of the same command is proven by
/// ClusterNodesApiTests.
/// </summary>
public sealed class ClusterNodesComponentTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task The_operator_sees_each_node_with_its_status_and_memory_a_hostile_name_as_text_and_a_node_falling_silent_turns_down()
    {
        await using var portal = await PortalComponents.CreateAsync(clock);
        var (alive, down) = (ClusterRows.NewNodeName(), ClusterRows.NewNodeName());
        await portal.Contexts.AddNodeAsync(clock, alive, TimeSpan.Zero, instances: 3, memoryBytes: 700L * 1024 * 1024);
        await portal.Contexts.AddNodeAsync(clock, down, TimeSpan.FromMinutes(1));
        await portal.Contexts.AddNodeAsync(clock, OperatorComponents.Hostile, TimeSpan.Zero, draining: true);
        await portal.SignInOperatorAsync();
        portal.RenderProviders();

        var cut = portal.Context.Render<Nodes>();

        Assert.Equal("alive", StatusOf(cut, alive));
        Assert.Equal("down", StatusOf(cut, down));
        Assert.Equal("draining", StatusOf(cut, OperatorComponents.Hostile));
        Assert.Contains("700 MB", Row(cut, alive).TextContent);
        Assert.Empty(cut.FindAll("#nodes img"));
        Assert.NotNull(Row(cut, alive).QuerySelector("[data-node-action=drain]"));
        Assert.Null(Row(cut, down).QuerySelector("[data-node-action]"));
        Assert.NotNull(Row(cut, OperatorComponents.Hostile).QuerySelector("[data-node-action=undrain]"));

        // Heartbeats are not engine events: the page reads them again on its own timer.
        clock.Advance(TimeSpan.FromSeconds(11));
        cut.WaitForAssertion(() => Assert.Equal("down", StatusOf(cut, alive)));
    }

    [Fact]
    public async Task A_tenant_user_gets_not_found_from_the_page_and_from_a_tampered_drain_and_nothing_changes()
    {
        await using var portal = await PortalComponents.CreateAsync(clock);
        var (node, peer) = (ClusterRows.NewNodeName(), ClusterRows.NewNodeName());
        await portal.Contexts.AddNodeAsync(clock, node, TimeSpan.Zero);
        await portal.Contexts.AddNodeAsync(clock, peer, TimeSpan.Zero);
        var (_, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(owner);
        var notFound = portal.WatchNotFound();

        var cut = portal.Context.Render<Nodes>();

        Assert.True(notFound());
        Assert.Empty(cut.FindAll("[data-node]"));
        var operations = portal.Services.GetRequiredService<PortalOperations>();
        Assert.Null(await operations.RunAsync<NodeQueries, IReadOnlyList<NodeView>?>(q => q.ListAsync()));
        Assert.Equal(CommandStatus.NotFound, (await operations.RunAsync<DrainNodeCommand, CommandResult<NodeView>>(c => c.RunAsync(node, true, default))).Status);
        Assert.False(await portal.Contexts.IsDrainingAsync(node));
    }

    [Fact]
    public async Task The_operator_drains_a_node_only_after_confirming_and_undrains_it()
    {
        await using var portal = await PortalComponents.CreateAsync(clock);
        var (node, peer) = (ClusterRows.NewNodeName(), ClusterRows.NewNodeName());
        await portal.Contexts.AddNodeAsync(clock, node, TimeSpan.Zero);
        await portal.Contexts.AddNodeAsync(clock, peer, TimeSpan.Zero);
        await portal.SignInOperatorAsync();
        var dialogs = portal.RenderProviders();
        var cut = portal.Context.Render<Nodes>();

        // The click's handler waits for the answer: it is awaited only once the dialog is answered.
        var asking = Row(cut, node).QuerySelector("[data-node-action=drain]")!.ClickAsync(new());
        await dialogs.ClickWhenShownAsync("#confirm-cancel");
        await asking;
        Assert.False(await portal.Contexts.IsDrainingAsync(node));

        asking = Row(cut, node).QuerySelector("[data-node-action=drain]")!.ClickAsync(new());
        await dialogs.ClickWhenShownAsync("#confirm-ok");
        await asking;
        cut.WaitForAssertion(() => Assert.Equal("draining", StatusOf(cut, node)));
        Assert.True(await portal.Contexts.IsDrainingAsync(node));

        await Row(cut, node).QuerySelector("[data-node-action=undrain]")!.ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("alive", StatusOf(cut, node)));
        Assert.False(await portal.Contexts.IsDrainingAsync(node));
    }

    [Fact]
    public async Task Draining_the_last_live_node_taking_instances_is_refused_in_the_users_language_and_changes_nothing()
    {
        await using var portal = await PortalComponents.CreateAsync(clock);
        var last = ClusterRows.NewNodeName();
        await portal.Contexts.AddNodeAsync(clock, last, TimeSpan.Zero);
        await portal.Contexts.AddNodeAsync(clock, ClusterRows.NewNodeName(), TimeSpan.Zero, draining: true);
        await portal.SignInOperatorAsync();
        OperatorComponents.InPortuguese();
        var dialogs = portal.RenderProviders();
        var cut = portal.Context.Render<Nodes>();

        var asking = Row(cut, last).QuerySelector("[data-node-action=drain]")!.ClickAsync(new());
        await dialogs.ClickWhenShownAsync("#confirm-ok");
        await asking;

        cut.WaitForAssertion(() => Assert.Equal(
            $"O nó '{last}' não pode ser esvaziado: nenhum outro nó está no ar recebendo instâncias, e as instâncias dele não teriam para onde ir.",
            cut.Find("#node-error").TextContent.Trim()));
        Assert.False(await portal.Contexts.IsDrainingAsync(last));
        Assert.Equal("no ar", Row(cut, last).QuerySelector("[data-node-status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_operators_instance_list_and_instance_page_show_the_node_running_each_instance()
    {
        await using var portal = await PortalComponents.CreateAsync(clock);
        var (tenant, _) = await portal.CreateTenantUserAsync();
        var running = await portal.AddInstanceAsync(tenant.Id, "running", InstanceStatus.Connected);
        var expired = await portal.AddInstanceAsync(tenant.Id, "expired");
        await portal.Contexts.AddLeaseAsync(clock, running.Id, OperatorComponents.Hostile, TimeSpan.FromSeconds(30));
        await portal.Contexts.AddLeaseAsync(clock, expired.Id, "node-gone", TimeSpan.FromSeconds(-1));
        await portal.SignInOperatorAsync();
        portal.RenderProviders();

        var list = portal.Context.Render<AllInstances>();
        Assert.Equal(OperatorComponents.Hostile, list.Find($"[data-node-of='{running.Id}']").TextContent);
        Assert.Equal("—", list.Find($"[data-node-of='{expired.Id}']").TextContent);
        Assert.Empty(list.FindAll("#all-instances img"));

        var page = portal.Context.Render<OperatorInstancePage>(p => p.Add(x => x.InstanceId, running.Id));
        Assert.Equal(OperatorComponents.Hostile, page.Find("#instance-node").TextContent);
    }

    private static IElement Row(IRenderedComponent<Nodes> cut, string name) =>
        cut.FindAll("#nodes [data-node]").Single(n => n.TextContent == name).Closest("tr")!;

    private static string? StatusOf(IRenderedComponent<Nodes> cut, string name) =>
        Row(cut, name).QuerySelector("[data-node-status]")!.GetAttribute("data-status");
}
