using System.Net;
using System.Net.Http.Json;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.Portal;

/// <summary>
/// Invitations through the operator's API door (the owner's door, the members page, is in Components/MembersPageTests) and
/// their acceptance on the static page that sets the password. An invitation must not tell whether an email already has
/// an account in another tenant or is the operator's.
/// </summary>
public sealed class InvitationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly Dictionary<string, string> MemberPassword = new() { ["Input.Password"] = "Member-Passw0rd-1", ["Input.Confirm"] = "Member-Passw0rd-1" };

    [Fact]
    public async Task An_invited_member_sets_a_password_once_through_the_link_and_logs_in()
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        var email = $"member-{Guid.NewGuid():N}@test.local";
        var link = await InviteAsync(tenantId, email);

        using var member = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await AcceptAsync(member, link)).StatusCode);
        using var loggedIn = await PortalUsers.LogInAsync(factory, email, "Member-Passw0rd-1");

        Assert.NotNull((await LoginPage.ParseAsync(await AcceptAsync(member, link))).QuerySelector("#accept-error"));
    }

    [Fact]
    public async Task Inviting_an_email_of_another_tenant_or_of_the_operator_answers_like_inviting_a_new_one()
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        var (_, elsewhere) = await PortalUsers.CreateOwnerAsync(factory);
        foreach (var email in new[] { $"new-{Guid.NewGuid():N}@test.local", elsewhere, PortalFactory.AdminEmail })
        {
            var link = new Uri(await InviteAsync(tenantId, email));
            Assert.Equal("/Account/Accept", link.AbsolutePath);
        }
    }

    [Fact]
    public async Task The_link_for_an_email_with_an_account_elsewhere_fails_like_a_spent_one_and_changes_nothing()
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        var (_, elsewhere) = await PortalUsers.CreateOwnerAsync(factory);
        var link = await InviteAsync(tenantId, elsewhere);

        using var stranger = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var answer = await AcceptAsync(stranger, link, new() { ["Input.Password"] = "Taken-Over-Passw0rd", ["Input.Confirm"] = "Taken-Over-Passw0rd" });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.NotNull((await LoginPage.ParseAsync(answer)).QuerySelector("#accept-error"));
        using var stillTheirs = await PortalUsers.LogInAsync(factory, elsewhere);
        var refused = await (await LoginPage.OpenAsync(stranger)).SubmitAsync(elsewhere, "Taken-Over-Passw0rd");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
    }

    [Fact]
    public async Task Inviting_someone_who_has_not_joined_yet_gives_a_new_link_that_works()
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        var email = $"late-{Guid.NewGuid():N}@test.local";
        await InviteAsync(tenantId, email);
        var link = await InviteAsync(tenantId, email);

        using var member = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await AcceptAsync(member, link)).StatusCode);
        using var joined = await PortalUsers.LogInAsync(factory, email, "Member-Passw0rd-1");
    }

    [Fact]
    public async Task Inviting_a_member_again_is_a_conflict_and_a_bad_email_is_refused_by_field()
    {
        var (tenantId, owner) = await PortalUsers.CreateOwnerAsync(factory);
        using var client = factory.OperatorClient();

        var again = await (await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/invitations", new { email = owner, role = Roles.Member }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal($"{owner} is already a member.", again.Detail);
        var bad = await (await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/invitations", new { email = "not-an-email", role = Roles.Member }))
            .AssertValidationProblemAsync();
        Assert.Equal(["Enter a valid email address."], bad.Errors["email"]);
        await (await client.PostAsJsonAsync($"/api/v1/admin/tenants/{Guid.NewGuid()}/invitations", new { email = "x@test.local", role = Roles.Member }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<string> InviteAsync(Guid tenantId, string email)
    {
        using var client = factory.OperatorClient();
        var response = await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/invitations", new { email, role = Roles.Member });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invitation = (await response.Content.ReadFromJsonAsync<AdminApi.InvitationResponse>())!;
        Assert.Equal(email, invitation.Email);
        return invitation.Link;
    }

    private static async Task<HttpResponseMessage> AcceptAsync(HttpClient browser, string link, Dictionary<string, string>? fields = null)
    {
        var path = new Uri(link).PathAndQuery;
        return await PortalUsers.SubmitAsync(browser, await PortalUsers.GetPageAsync(browser, path), "#accept", path, fields ?? MemberPassword);
    }
}
