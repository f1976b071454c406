using Bunit;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Components.Pages.Admin;

namespace WhatsPortal.Tests.Components;

/// <summary>The operator's charts of the last day, drawn by MudChart; nobody else gets them.</summary>
public sealed class StatisticsTests
{
    [Fact]
    public async Task The_operator_sees_messages_per_hour_and_instances_connected_in_the_users_language()
    {
        await using var portal = await PortalComponents.CreateAsync();
        await portal.SignInOperatorAsync();
        OperatorComponents.InPortuguese();

        var cut = portal.Context.Render<Statistics>();

        var chart = cut.Find("#stats-chart");
        Assert.Contains("recebidas", chart.TextContent);
        Assert.Contains("enviadas", chart.TextContent);
        Assert.Contains("Mensagens por hora", cut.Markup);
        Assert.NotNull(cut.Find("#connected-chart"));
    }

    [Fact]
    public async Task A_tenant_user_gets_not_found_and_no_chart()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (_, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(owner);
        var notFound = portal.WatchNotFound();

        var cut = portal.Context.Render<Statistics>();

        Assert.True(notFound());
        Assert.DoesNotContain("recebidas", cut.Markup);
        Assert.DoesNotContain("received", cut.Markup);
    }
}
