using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Portal;

public sealed class LoginTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_login_page()
    {
        using var browser = Browser();
        var response = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_login_form_carries_an_antiforgery_token()
    {
        using var browser = Browser();
        var page = await LoginPage.OpenAsync(browser);
        Assert.NotNull(page.Form.QuerySelector("input[name=__RequestVerificationToken]"));
    }

    [Fact]
    public async Task The_bootstrap_administrator_logs_in_and_sees_the_dashboard()
    {
        using var browser = Browser();
        var page = await LoginPage.OpenAsync(browser);
        var response = await page.SubmitAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        AssertRedirectsToDashboard(response);
        var dashboard = await LoginPage.ParseAsync(await browser.GetAsync("/"));
        Assert.Equal("Dashboard", dashboard.QuerySelector("h1")!.TextContent);
        Assert.NotNull(dashboard.QuerySelector("#tenants"));
    }

    [Fact]
    public async Task Wrong_credentials_get_a_message_and_no_session()
    {
        using var browser = Browser();
        var page = await LoginPage.OpenAsync(browser);
        var response = await page.SubmitAsync(PortalFactory.AdminEmail, "Wrong-Passw0rd-123");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Wrong email or password.", (await LoginPage.FromResponseAsync(browser, response)).ErrorMessage);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_malformed_email_is_refused_by_validation()
    {
        using var browser = Browser();
        var page = await LoginPage.OpenAsync(browser);
        var response = await page.SubmitAsync("not an email", "whatever-password");
        var after = await LoginPage.FromResponseAsync(browser, response);
        Assert.Contains("email", after.ValidationMessages, StringComparison.OrdinalIgnoreCase);
        Assert.Null(after.ErrorMessage);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_rejected()
    {
        using var browser = Browser();
        var response = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = PortalFactory.AdminEmail,
            ["Input.Password"] = PortalFactory.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        await using var isolated = new PortalFactory();
        using var browser = isolated.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        for (var attempt = 0; attempt < 5; attempt++)
            await (await LoginPage.OpenAsync(browser)).SubmitAsync(PortalFactory.AdminEmail, $"Wrong-Passw0rd-{attempt}");

        var response = await (await LoginPage.OpenAsync(browser)).SubmitAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        Assert.Contains("locked", (await LoginPage.FromResponseAsync(browser, response)).ErrorMessage);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_return_url_to_another_site_is_ignored()
    {
        using var browser = Browser();
        var page = await LoginPage.OpenAsync(browser, "/Account/Login?ReturnUrl=%2F%2Fevil.example%2F");
        var response = await page.SubmitAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        AssertRedirectsToDashboard(response);
    }

    private static void AssertRedirectsToDashboard(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = new Uri(new Uri("http://localhost/"), response.Headers.Location!);
        Assert.Equal("localhost", target.Host);
        Assert.Equal("/", target.PathAndQuery);
    }

    [Fact]
    public async Task A_logout_post_without_the_antiforgery_token_is_refused_and_signs_nobody_out()
    {
        using var browser = Browser();
        await (await LoginPage.OpenAsync(browser)).SubmitAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        var response = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Logging_out_ends_the_session()
    {
        using var browser = Browser();
        await (await LoginPage.OpenAsync(browser)).SubmitAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        // The static account pages always render the logout form (the dashboard's is inside the closed user menu).
        var account = await LoginPage.ParseAsync(await browser.GetAsync("/Account/Preferences"));
        var logout = (AngleSharp.Html.Dom.IHtmlFormElement)account.QuerySelector("form[action='Account/Logout']")!;
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)logout.QuerySelector("input[name=__RequestVerificationToken]")!).Value;

        var response = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }
}
