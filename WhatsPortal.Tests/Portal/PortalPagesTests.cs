using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Portal;

/// <summary>The account and operator pages over HTTP, as a browser posts their forms.</summary>
public sealed class PortalPagesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_member_cannot_open_the_key_page_and_tenant_users_cannot_open_the_operators_pages()
    {
        var (tenantId, ownerEmail) = await PortalUsers.CreateOwnerAsync(factory);
        using var member = await PortalUsers.LogInAsync(factory, await PortalUsers.CreateUserAsync(factory, tenantId, Roles.Member));
        Assert.NotEqual(HttpStatusCode.OK, (await member.GetAsync("/api-keys")).StatusCode);
        using var owner = await PortalUsers.LogInAsync(factory, ownerEmail);
        foreach (var path in new[] { "/admin/instances", "/admin/statistics", "/admin/nodes" })
            Assert.NotEqual(HttpStatusCode.OK, (await owner.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task A_user_changes_their_password_and_logs_in_with_the_new_one()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(factory);
        using var user = await PortalUsers.LogInAsync(factory, email);
        var page = await PortalUsers.GetPageAsync(user, "/Account/Password");
        var response = await PortalUsers.SubmitAsync(user, page, "#change-password", "/Account/Password", new Dictionary<string, string>
        {
            ["Input.Current"] = PortalUsers.Password, ["Input.New"] = "Changed-Passw0rd-2", ["Input.Confirm"] = "Changed-Passw0rd-2",
        });
        Assert.NotNull((await LoginPage.ParseAsync(response)).QuerySelector("#password-changed"));
        using var again = await PortalUsers.LogInAsync(factory, email, "Changed-Passw0rd-2");
    }

    [Fact]
    public async Task With_two_factor_on_logging_in_needs_the_authenticator_code()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(factory);
        using var user = await PortalUsers.LogInAsync(factory, email);
        var setup = await PortalUsers.GetPageAsync(user, "/Account/TwoFactor");
        var authenticator = new Totp(Base32Encoding.ToBytes(setup.QuerySelector("#authenticator-key")!.TextContent.Replace(" ", "")));
        Assert.StartsWith("data:image/svg+xml;base64,", setup.QuerySelector(".totp-qr img")!.GetAttribute("src"));
        var enabled = await PortalUsers.SubmitAsync(user, setup, "#enable-2fa", "/Account/TwoFactor",
            new Dictionary<string, string> { ["Input.Code"] = authenticator.ComputeTotp() });
        Assert.NotNull((await LoginPage.ParseAsync(enabled)).QuerySelector("#recovery-codes"));

        using var browser = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var password = await (await LoginPage.OpenAsync(browser)).SubmitAsync(email, PortalUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var codePath = password.Headers.Location!.OriginalString;
        Assert.StartsWith("/Account/LoginWith2fa", new Uri(new Uri("http://localhost"), codePath).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);

        var codePage = await PortalUsers.GetPageAsync(browser, codePath);
        var wrong = await PortalUsers.SubmitAsync(browser, codePage, "#login-2fa", codePath, new Dictionary<string, string> { ["Input.Code"] = "000000" });
        Assert.NotNull((await LoginPage.ParseAsync(wrong)).QuerySelector("#login-error"));
        var right = await PortalUsers.SubmitAsync(browser, await PortalUsers.GetPageAsync(browser, codePath), "#login-2fa", codePath,
            new Dictionary<string, string> { ["Input.Code"] = authenticator.ComputeTotp() });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task The_portal_speaks_the_browsers_language_and_the_user_menu_switches_it()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(factory);
        using var user = await PortalUsers.LogInAsync(factory, email);
        user.DefaultRequestHeaders.AcceptLanguage.ParseAdd("pt-BR,pt;q=0.9");
        var portuguese = await PortalUsers.GetPageAsync(user, "/");
        Assert.Equal("Painel", portuguese.QuerySelector("h1")!.TextContent);
        Assert.Equal("pt-BR", portuguese.DocumentElement.GetAttribute("lang"));

        var switched = await PortalUsers.SwitchLanguageAsync(user, "en");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("Dashboard", (await PortalUsers.GetPageAsync(user, "/")).QuerySelector("h1")!.TextContent);
    }
}
