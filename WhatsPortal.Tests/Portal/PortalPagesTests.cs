using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Portal;

/// <summary>The account, API key and operator pages over HTTP, as a browser posts their forms.</summary>
public sealed class PortalPagesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_owner_creates_a_key_shown_once_that_works_until_revoked()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(factory);
        using var owner = await PortalUsers.LogInAsync(factory, email);
        var page = await PortalUsers.GetPageAsync(owner, "/api-keys");
        var created = await PortalUsers.SubmitAsync(owner, page, "#create-key", "/api-keys",
            new Dictionary<string, string> { ["Input.Name"] = "crm", ["Input.Read"] = "true" });
        var shown = await LoginPage.ParseAsync(created);
        var key = shown.QuerySelector("#new-key-value")!.TextContent.Trim();
        Assert.StartsWith("wpk_", key);

        using var api = factory.ApiClient(key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/instances")).StatusCode);

        var list = await PortalUsers.GetPageAsync(owner, "/api-keys");
        Assert.DoesNotContain(key, list.DocumentElement.OuterHtml);
        Assert.Contains(key[..ApiKey.PrefixLength], list.QuerySelector("#api-keys")!.TextContent);

        var revoked = await PortalUsers.SubmitAsync(owner, list, "#api-keys form", "/api-keys");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/instances")).StatusCode);
    }

    [Fact]
    public async Task A_member_cannot_open_the_key_page_and_tenant_users_cannot_open_the_operators_pages()
    {
        var (tenantId, ownerEmail) = await PortalUsers.CreateOwnerAsync(factory);
        using var member = await PortalUsers.LogInAsync(factory, await PortalUsers.CreateUserAsync(factory, tenantId, Roles.Member));
        Assert.NotEqual(HttpStatusCode.OK, (await member.GetAsync("/api-keys")).StatusCode);
        using var owner = await PortalUsers.LogInAsync(factory, ownerEmail);
        foreach (var path in new[] { "/admin/instances", "/admin/statistics" })
            Assert.NotEqual(HttpStatusCode.OK, (await owner.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_operator_sees_all_instances_and_the_statistics_chart()
    {
        using var admin = await PortalUsers.LogInAsync(factory, PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        Assert.NotNull((await PortalUsers.GetPageAsync(admin, "/admin/instances")).QuerySelector("table#all-instances"));
        var statistics = await PortalUsers.GetPageAsync(admin, "/admin/statistics");
        Assert.Contains("\"labels\"", statistics.QuerySelector("#messages-chart")!.GetAttribute("data-chart"));
        Assert.NotNull(statistics.QuerySelector("script[src='lib/chart.umd.min.js']"));
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
    public async Task The_operator_sets_a_quota_and_a_suspended_tenants_users_cannot_log_in_until_resumed()
    {
        var (tenantId, email) = await PortalUsers.CreateOwnerAsync(factory);
        using var admin = await PortalUsers.LogInAsync(factory, PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        var dashboard = await PortalUsers.GetPageAsync(admin, "/");
        Assert.Equal(HttpStatusCode.Redirect, (await PortalUsers.SubmitAsync(admin, dashboard, $"form[action='portal/admin/tenants/{tenantId}/quota']", "/",
            new Dictionary<string, string> { ["quota"] = "1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalUsers.SubmitAsync(admin, dashboard, $"form[action='portal/admin/tenants/{tenantId}/suspend']", "/")).StatusCode);
        await using (var db = factory.AcrossTenants())
        {
            var tenant = db.Tenants.Single(t => t.Id == tenantId);
            Assert.Equal(1, tenant.InstanceQuota);
            Assert.NotNull(tenant.SuspendedAt);
        }

        using var refused = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await (await LoginPage.OpenAsync(refused)).SubmitAsync(email, PortalUsers.Password);
        Assert.Contains("suspended", (await LoginPage.FromResponseAsync(refused, login)).ErrorMessage);
        Assert.Equal(HttpStatusCode.Redirect, (await refused.GetAsync("/")).StatusCode);

        var suspended = await PortalUsers.GetPageAsync(admin, "/");
        Assert.Equal(HttpStatusCode.Redirect, (await PortalUsers.SubmitAsync(admin, suspended, $"form[action='portal/admin/tenants/{tenantId}/resume']", "/")).StatusCode);
        using var back = await PortalUsers.LogInAsync(factory, email);
    }

    [Fact]
    public async Task A_quota_over_the_bound_from_the_dashboard_gets_the_commands_message_and_changes_nothing()
    {
        var (tenantId, _) = await PortalUsers.CreateOwnerAsync(factory);
        using var admin = await PortalUsers.LogInAsync(factory, PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        var response = await PortalUsers.SubmitAsync(admin, await PortalUsers.GetPageAsync(admin, "/"), $"form[action='portal/admin/tenants/{tenantId}/quota']", "/",
            new Dictionary<string, string> { ["quota"] = "20000" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var back = await PortalUsers.GetPageAsync(admin, response.Headers.Location!.OriginalString);
        Assert.Equal("The quota is a number from 0 to 10000, or empty for no limit.", back.QuerySelector("#notice")!.ChildNodes[0].TextContent.Trim());
        await using var db = factory.AcrossTenants();
        Assert.Null(db.Tenants.Single(t => t.Id == tenantId).InstanceQuota);
    }

    [Fact]
    public async Task An_owner_invites_a_member_who_sets_a_password_once_through_the_link()
    {
        var (_, ownerEmail) = await PortalUsers.CreateOwnerAsync(factory);
        using var owner = await PortalUsers.LogInAsync(factory, ownerEmail);
        var memberEmail = $"member-{Guid.NewGuid():N}@test.local";
        var invited = await PortalUsers.SubmitAsync(owner, await PortalUsers.GetPageAsync(owner, "/members"), "#invite-form", "/members",
            new Dictionary<string, string> { ["Input.Email"] = memberEmail, ["Input.Role"] = "Member" });
        var link = new Uri((await LoginPage.ParseAsync(invited)).QuerySelector("#invite-link")!.TextContent.Trim());

        using var member = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var fields = new Dictionary<string, string> { ["Input.Password"] = "Member-Passw0rd-1", ["Input.Confirm"] = "Member-Passw0rd-1" };
        var accepted = await PortalUsers.SubmitAsync(member, await PortalUsers.GetPageAsync(member, link.PathAndQuery), "#accept", link.PathAndQuery, fields);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        using var loggedIn = await PortalUsers.LogInAsync(factory, memberEmail, "Member-Passw0rd-1");

        var again = await PortalUsers.SubmitAsync(member, await PortalUsers.GetPageAsync(member, link.PathAndQuery), "#accept", link.PathAndQuery, fields);
        Assert.NotNull((await LoginPage.ParseAsync(again)).QuerySelector("#accept-error"));
    }

    [Fact]
    public async Task With_two_factor_on_logging_in_needs_the_authenticator_code()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(factory);
        using var user = await PortalUsers.LogInAsync(factory, email);
        var setup = await PortalUsers.GetPageAsync(user, "/Account/TwoFactor");
        var authenticator = new Totp(Base32Encoding.ToBytes(setup.QuerySelector("#authenticator-key")!.TextContent.Replace(" ", "")));
        Assert.NotNull(setup.QuerySelector(".totp-qr svg"));
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

        var switched = await PortalUsers.SubmitAsync(user, portuguese, "form[action='portal/culture']:has(button[data-culture=en])", "/");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("Dashboard", (await PortalUsers.GetPageAsync(user, "/")).QuerySelector("h1")!.TextContent);
    }
}
