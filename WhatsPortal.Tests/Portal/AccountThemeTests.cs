using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using WhatsPortal.Tests.Engine;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Portal;

/// <summary>
/// The static account pages take the user's stored light or dark choice, as the portal does, and follow the browser's
/// <c>prefers-color-scheme</c> when no choice is known (the login page knows nobody). The themes' styles the server
/// sends are applied in a real Chromium with each scheme emulated, so the media query is proved, not only printed.
/// </summary>
[Trait("Category", "Browser")]
public sealed class AccountThemeTests(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private IPlaywright playwright = default!;
    private IBrowser chromium = default!;

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        chromium = await TestChromium.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        await chromium.DisposeAsync();
        playwright.Dispose();
    }

    [Fact]
    public async Task The_login_page_follows_the_browsers_scheme()
    {
        using var browser = factory.CreateClient();
        var styles = await ThemeStylesAsync(browser, "/Account/Login");

        Assert.Equal("light", await SchemeAsync(styles, ColorScheme.Light));
        Assert.Equal("dark", await SchemeAsync(styles, ColorScheme.Dark));
    }

    [Theory]
    [InlineData(true, "dark")]
    [InlineData(false, "light")]
    public async Task A_signed_in_users_stored_choice_wins_over_the_browsers(bool darkMode, string shown)
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(factory);
        await using (var db = factory.AcrossTenants())
        {
            await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.DarkMode, darkMode));
        }
        using var browser = await PortalUsers.LogInAsync(factory, email);

        foreach (var page in new[] { "/Account/Preferences", "/Account/Password", "/Account/TwoFactor" })
        {
            var styles = await ThemeStylesAsync(browser, page);
            Assert.Equal(shown, await SchemeAsync(styles, ColorScheme.Light));
            Assert.Equal(shown, await SchemeAsync(styles, ColorScheme.Dark));
        }
    }

    [Fact]
    public async Task A_signed_in_user_without_a_choice_gets_the_browsers_scheme()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(factory);
        using var browser = await PortalUsers.LogInAsync(factory, email);
        var styles = await ThemeStylesAsync(browser, "/Account/Preferences");

        Assert.Equal("light", await SchemeAsync(styles, ColorScheme.Light));
        Assert.Equal("dark", await SchemeAsync(styles, ColorScheme.Dark));
    }

    private static async Task<string> ThemeStylesAsync(HttpClient browser, string path) =>
        string.Concat((await PortalUsers.GetPageAsync(browser, path)).QuerySelectorAll("style").Select(s => s.OuterHtml));

    /// <summary>The colour scheme MudBlazor's variables say, in Chromium emulating <paramref name="preferred"/>.</summary>
    private async Task<string> SchemeAsync(string styles, ColorScheme preferred)
    {
        var page = await chromium.NewPageAsync(new() { ColorScheme = preferred });
        await page.SetContentAsync($"<html><head>{styles}</head><body></body></html>");
        var scheme = await page.EvaluateAsync<string>("getComputedStyle(document.documentElement).getPropertyValue('--mud-native-html-color-scheme')");
        await page.CloseAsync();
        return scheme.Trim();
    }
}
