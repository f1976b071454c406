using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Portal;

/// <summary>An owner's invitation must not tell them whether an email already has an account in another tenant or is the operator's.</summary>
public sealed partial class InvitationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Inviting_an_email_of_another_tenant_or_of_the_operator_looks_exactly_like_inviting_a_new_one()
    {
        var (_, ownerEmail) = await PortalUsers.CreateOwnerAsync(factory);
        var (_, elsewhere) = await PortalUsers.CreateOwnerAsync(factory);
        using var owner = await PortalUsers.LogInAsync(factory, ownerEmail);

        var fresh = Normalized(await InviteAsync(owner, $"new-{Guid.NewGuid():N}@test.local"));
        Assert.Equal(fresh, Normalized(await InviteAsync(owner, elsewhere)));
        Assert.Equal(fresh, Normalized(await InviteAsync(owner, PortalFactory.AdminEmail)));
    }

    [Fact]
    public async Task The_link_for_an_email_with_an_account_elsewhere_fails_like_a_spent_one_and_changes_nothing()
    {
        var (_, ownerEmail) = await PortalUsers.CreateOwnerAsync(factory);
        var (_, elsewhere) = await PortalUsers.CreateOwnerAsync(factory);
        using var owner = await PortalUsers.LogInAsync(factory, ownerEmail);
        var link = new Uri((await InviteAsync(owner, elsewhere)).QuerySelector("#invite-link")!.TextContent.Trim());

        using var stranger = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var fields = new Dictionary<string, string> { ["Input.Password"] = "Taken-Over-Passw0rd", ["Input.Confirm"] = "Taken-Over-Passw0rd" };
        var answer = await PortalUsers.SubmitAsync(stranger, await PortalUsers.GetPageAsync(stranger, link.PathAndQuery), "#accept", link.PathAndQuery, fields);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.NotNull((await LoginPage.ParseAsync(answer)).QuerySelector("#accept-error"));
        using var stillTheirs = await PortalUsers.LogInAsync(factory, elsewhere);
        var refused = await (await LoginPage.OpenAsync(stranger)).SubmitAsync(elsewhere, "Taken-Over-Passw0rd");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
    }

    [Fact]
    public async Task Inviting_someone_who_has_not_joined_yet_gives_a_new_link_that_works()
    {
        var (_, ownerEmail) = await PortalUsers.CreateOwnerAsync(factory);
        using var owner = await PortalUsers.LogInAsync(factory, ownerEmail);
        var email = $"late-{Guid.NewGuid():N}@test.local";
        await InviteAsync(owner, email);
        var link = new Uri((await InviteAsync(owner, email)).QuerySelector("#invite-link")!.TextContent.Trim());

        using var member = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var fields = new Dictionary<string, string> { ["Input.Password"] = "Member-Passw0rd-1", ["Input.Confirm"] = "Member-Passw0rd-1" };
        Assert.Equal(HttpStatusCode.Redirect, (await PortalUsers.SubmitAsync(member, await PortalUsers.GetPageAsync(member, link.PathAndQuery), "#accept", link.PathAndQuery, fields)).StatusCode);
        using var joined = await PortalUsers.LogInAsync(factory, email, "Member-Passw0rd-1");
        Assert.Contains(email, (await PortalUsers.GetPageAsync(owner, "/members")).QuerySelector("#members")!.TextContent);
    }

    [Fact]
    public async Task Inviting_a_member_of_ones_own_tenant_again_says_so()
    {
        var (tenantId, ownerEmail) = await PortalUsers.CreateOwnerAsync(factory);
        var member = await PortalUsers.CreateUserAsync(factory, tenantId, "Member");
        using var owner = await PortalUsers.LogInAsync(factory, ownerEmail);
        var page = await InviteAsync(owner, member);
        Assert.Null(page.QuerySelector("#invite-link"));
        Assert.Contains($"{member} is already a member.", page.QuerySelector(".alert-danger")!.TextContent);
    }

    private static async Task<IHtmlDocument> InviteAsync(HttpClient owner, string email)
    {
        var response = await PortalUsers.SubmitAsync(owner, await PortalUsers.GetPageAsync(owner, "/members"), "#invite-form", "/members",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Role"] = "Member" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await LoginPage.ParseAsync(response);
        return page;
    }

    /// <summary>The page's main content with what must differ between two invitations (the email, the one-time code, the antiforgery token) blanked out.</summary>
    private static string Normalized(IHtmlDocument page)
    {
        var invited = page.QuerySelector("#invite-link")!.TextContent.Trim();
        var email = Uri.UnescapeDataString(Regex.Match(invited, "email=([^&]+)").Groups[1].Value);
        var html = page.QuerySelector("main")!.InnerHtml
            .Replace(Uri.EscapeDataString(email), "EMAIL").Replace(email, "EMAIL");
        html = Code().Replace(html, "code=CODE");
        return AntiforgeryValue().Replace(html, "value=\"TOKEN\"");
    }

    [GeneratedRegex("code=[A-Za-z0-9_-]+")]
    private static partial Regex Code();

    [GeneratedRegex("(?<=__RequestVerificationToken\"[^>]*)value=\"[^\"]*\"")]
    private static partial Regex AntiforgeryValue();
}
