using Bunit;
using Microsoft.AspNetCore.Components;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Components.Layout;

namespace WhatsPortal.Tests.Components;

public sealed class MainLayoutTests
{
    [Theory]
    [InlineData(Roles.Owner, true)]
    [InlineData(Roles.Member, false)]
    public async Task Only_an_owner_is_offered_members_and_api_keys(string role, bool offered)
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (_, user) = await portal.CreateTenantUserAsync(role);
        await portal.SignInAsync(user);

        var layout = portal.Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page"))));

        var links = layout.FindAll("#main-nav a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/", links);
        Assert.Equal(offered, links.Contains("/members"));
        Assert.Equal(offered, links.Contains("/api-keys"));
        Assert.DoesNotContain("/admin/instances", links);
        Assert.DoesNotContain("/admin/nodes", links);
    }

    [Fact]
    public async Task The_theme_switch_is_kept_for_the_user()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (_, user) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);

        var layout = portal.Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page"))));
        await layout.ClickAsync("#theme-toggle");

        await using var db = portal.Contexts.AcrossTenants();
        Assert.True(db.Users.Single(u => u.Id == user.Id).DarkMode);
    }

    [Fact]
    public async Task The_user_menu_names_the_user_but_shows_the_email_only_from_tablet_width_and_opens()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (_, user) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);

        var layout = portal.Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page"))));

        var button = layout.Find("#user-menu button");
        Assert.Equal(user.Email, button.GetAttribute("aria-label"));
        // MudBlazor's display classes: hidden below the sm breakpoint (600 px), so a phone's app bar keeps its width.
        var label = layout.Find("#user-menu-label");
        Assert.Equal(user.Email, label.TextContent);
        Assert.Equal(["d-none", "d-sm-inline"], label.ClassList.Where(c => c.StartsWith("d-", StringComparison.Ordinal)).Order());
        Assert.Empty(layout.FindAll(".mud-popover-open #logout"));

        await button.ClickAsync(new());

        layout.WaitForAssertion(() => Assert.NotNull(layout.Find(".mud-popover-open #logout")));
    }
}
