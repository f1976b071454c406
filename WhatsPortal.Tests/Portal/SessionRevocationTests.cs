using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Tests.Portal;

/// <summary>A suspension, a removal, a password change or a sign-out ends what was signed in before it: every saved
/// copy of the cookie, and the circuits it opened.</summary>
public abstract class SessionRevocationTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    [Fact]
    public async Task A_cookie_saved_before_its_tenant_is_suspended_stops_working()
    {
        var (tenantId, email) = await PortalUsers.CreateOwnerAsync(portal);
        var (browser, cookie) = await LogInAsync(email);
        using var _ = browser;
        Assert.True(await WorksAsync(cookie));

        // Suspended as any door would do it: the tenant's state changes, no user's security stamp is touched.
        await using (var db = portal.AcrossTenants())
            await db.Tenants.Where(t => t.Id == tenantId).ExecuteUpdateAsync(s => s.SetProperty(t => t.SuspendedAt, DateTime.UtcNow));

        await Eventually.TrueAsync(async () => !await WorksAsync(cookie), "the suspended tenant's cookie is refused");
    }

    [Fact]
    public async Task A_cookie_saved_before_the_member_is_removed_stops_working()
    {
        var (tenantId, _) = await PortalUsers.CreateOwnerAsync(portal);
        var email = await PortalUsers.CreateUserAsync(portal, tenantId, Roles.Member);
        var (browser, cookie) = await LogInAsync(email);
        using var _ = browser;
        Assert.True(await WorksAsync(cookie));

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByEmailAsync(email))!)).Succeeded);
        }

        await Eventually.TrueAsync(async () => !await WorksAsync(cookie), "the removed member's cookie is refused");
    }

    [Fact]
    public async Task A_member_moved_out_of_the_tenant_loses_the_old_tenants_session()
    {
        var (tenantId, _) = await PortalUsers.CreateOwnerAsync(portal);
        var email = await PortalUsers.CreateUserAsync(portal, tenantId, Roles.Member);
        var (browser, cookie) = await LogInAsync(email);
        using var _ = browser;

        // Only the membership changes: the cookie still names the old tenant, and its security stamp is still right.
        await using (var db = portal.AcrossTenants())
            await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.TenantId, (Guid?)null));

        await Eventually.TrueAsync(async () => !await WorksAsync(cookie), "the cookie of a user who left the tenant is refused");
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_and_keeps_this_one()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(portal);
        var (other, otherCookie) = await LogInAsync(email);
        using var _ = other;
        var (browser, _) = await LogInAsync(email);
        using var __ = browser;

        var page = await PortalUsers.GetPageAsync(browser, "/Account/Password");
        var response = await PortalUsers.SubmitAsync(browser, page, "#change-password", "/Account/Password", new Dictionary<string, string>
        {
            ["Input.Current"] = PortalUsers.Password, ["Input.New"] = "Changed-Passw0rd-2", ["Input.Confirm"] = "Changed-Passw0rd-2",
        });
        var changed = await LoginPage.ParseAsync(response);
        Assert.True(changed.QuerySelector("#password-changed") is not null, $"{response.StatusCode}: {changed.QuerySelector("main")?.TextContent}");

        await Eventually.TrueAsync(async () => !await WorksAsync(otherCookie), "the session opened with the old password is refused");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_cookie_saved_before_logging_out_stops_working()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(portal);
        var (browser, cookie) = await LogInAsync(email);
        using var _ = browser;
        // The static account pages always render the logout form (the dashboard's is inside the closed user menu).
        var account = await PortalUsers.GetPageAsync(browser, "/Account/Preferences");

        Assert.Equal(HttpStatusCode.Redirect, (await PortalUsers.SubmitAsync(browser, account, "form[action='Account/Logout']", "/Account/Preferences")).StatusCode);

        await Eventually.TrueAsync(async () => !await WorksAsync(cookie), "the cookie saved before logging out is refused");
    }

    [Fact]
    public async Task An_open_circuit_runs_as_nobody_once_the_operator_suspends_the_tenant()
    {
        var (tenantId, email) = await PortalUsers.CreateOwnerAsync(portal);
        var principal = await portal.PrincipalOfAsync(email);
        // A static page's render, begun first: its request was checked by its cookie, so it never turns to nobody mid-render.
        await using var staticPage = portal.Services.CreateAsyncScope();
        var staticAuthentication = (RevalidatingPortalAuthenticationStateProvider)staticPage.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        staticAuthentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        await using var circuit = portal.Services.CreateAsyncScope();
        var authentication = (RevalidatingPortalAuthenticationStateProvider)circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.RevalidateAsCircuit();
        var revoked = new TaskCompletionSource<ClaimsPrincipal>(TaskCreationOptions.RunContinuationsAsynchronously);
        authentication.AuthenticationStateChanged += async state =>
        {
            if ((await state).User.Identity?.IsAuthenticated != true) revoked.TrySetResult((await state).User);
        };
        // As the framework does when a circuit opens: the state of the request that opened it.
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        Assert.Equal(tenantId, circuit.ServiceProvider.GetRequiredService<CurrentUser>().Principal.GetTenantId());

        using var operatorApi = portal.OperatorClient();
        (await operatorApi.PostAsync($"/api/v1/admin/tenants/{tenantId}/suspend", null)).EnsureSuccessStatusCode();

        await revoked.Task.WaitAsync(Eventually.DefaultTimeout);
        // Every later portal operation and live event of this circuit acts for nobody, so it sees no tenant's rows.
        Assert.Equal(TenantScope.None, circuit.ServiceProvider.GetRequiredService<ITenantScopeSource>().Current);
        // The static render's revalidation timer started before the circuit's and has ticked as often, yet it kept its user.
        Assert.True((await staticAuthentication.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
    }

    /// <summary>Logs in with a browser and returns it with a copy of its sign-in cookie, as someone who saved it would.</summary>
    private async Task<(HttpClient Browser, string Cookie)> LogInAsync(string email)
    {
        var browser = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await (await LoginPage.OpenAsync(browser)).SubmitAsync(email, PortalUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = string.Join("; ", response.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith("whatsportal", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));
        return (browser, cookie);
    }

    private async Task<bool> WorksAsync(string cookie)
    {
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"unexpected {response.StatusCode}");
        return response.StatusCode == HttpStatusCode.OK;
    }
}

public sealed class SessionRevocationTestsOnSqlite(QuickRevalidationPortal portal) : SessionRevocationTests<QuickRevalidationPortal>(portal);

[Trait("Category", "Postgres")]
public sealed class SessionRevocationTestsOnPostgres(QuickRevalidationPostgresPortal portal) : SessionRevocationTests<QuickRevalidationPostgresPortal>(portal);
