using Bunit;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Components.Instances;

namespace WhatsPortal.Tests.Components;

/// <summary>The number check on the instance page runs the API's command: its refusals show under the field, as text.</summary>
public sealed class NumberCheckPanelTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Member)]
    public async Task A_malformed_number_is_named_as_text_and_an_instance_not_running_says_so(string role)
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync(role);
        await portal.SignInAsync(user);
        var instance = await InstancePageTests.SeedAsync(portal, tenant.Id, "sales");
        var panel = portal.Context.Render<NumberCheckPanel>(p => p.Add(x => x.InstanceId, instance.Id));

        await panel.ChangeAsync("#check-numbers", $"5511988887777\n{Hostile}");
        await panel.ClickAsync("#check-numbers-run");
        panel.WaitForAssertion(() => Assert.Contains($"'{Hostile}' is not a phone number with country code", panel.Find("#number-check").TextContent));
        Assert.Empty(panel.FindAll("img[src=x]"));

        await panel.ChangeAsync("#check-numbers", "5511988887777, +55 21 97777-6666");
        await panel.ClickAsync("#check-numbers-run");
        panel.WaitForAssertion(() => Assert.Contains("The instance is not running; start it first.", panel.Find("#number-check").TextContent));
        Assert.Empty(panel.FindAll("#number-checks"));
    }

    [Fact]
    public async Task Another_tenants_instance_is_not_found()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (theirs, _) = await portal.CreateTenantUserAsync();
        var (_, user) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);
        var instance = await InstancePageTests.SeedAsync(portal, theirs.Id, "theirs");
        var panel = portal.Context.Render<NumberCheckPanel>(p => p.Add(x => x.InstanceId, instance.Id));

        await panel.ChangeAsync("#check-numbers", "5511988887777");
        await panel.ClickAsync("#check-numbers-run");
        panel.WaitForAssertion(() => Assert.Contains("Not found", panel.Find("#number-check").TextContent));
    }
}
