using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Portal;

/// <summary>A suspension, a removal, a password change or a sign-out ends what was signed in before it: every saved
/// copy of the cookie, and the live streams it opened.</summary>
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
        Assert.NotNull((await LoginPage.ParseAsync(response)).QuerySelector("#password-changed"));

        await Eventually.TrueAsync(async () => !await WorksAsync(otherCookie), "the session opened with the old password is refused");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_cookie_saved_before_logging_out_stops_working()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(portal);
        var (browser, cookie) = await LogInAsync(email);
        using var _ = browser;
        var dashboard = await PortalUsers.GetPageAsync(browser, "/");

        Assert.Equal(HttpStatusCode.Redirect, (await PortalUsers.SubmitAsync(browser, dashboard, "form[action='Account/Logout']", "/")).StatusCode);

        await Eventually.TrueAsync(async () => !await WorksAsync(cookie), "the cookie saved before logging out is refused");
    }

    [Fact]
    public async Task An_open_live_stream_is_closed_when_the_operator_suspends_the_tenant()
    {
        var (tenantId, email) = await PortalUsers.CreateOwnerAsync(portal);
        var (browser, _) = await LogInAsync(email);
        using var _ = browser;
        using var stream = await browser.GetAsync("/portal/live", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        await using var body = await stream.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        Assert.True(await body.ReadAsync(buffer) > 0, "the stream says it is connected");

        using var admin = portal.OperatorClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/tenants/{tenantId}/suspend", null)).StatusCode);

        // Nothing is published to this tenant: the stream ends only because the server closes it.
        using var wait = new CancellationTokenSource(Eventually.DefaultTimeout);
        try
        {
            while (await body.ReadAsync(buffer, wait.Token) > 0) { }
        }
        catch (Exception e) when (e is IOException or HttpRequestException) { }
        catch (OperationCanceledException) when (wait.IsCancellationRequested)
        {
            Assert.Fail("The suspended tenant's live stream stayed open.");
        }
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/portal/live")).StatusCode);
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

public sealed class SessionRevocationTestsOnPostgres(QuickRevalidationPostgresPortal portal) : SessionRevocationTests<QuickRevalidationPostgresPortal>(portal);
