using System.Text.RegularExpressions;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Components.Pages.Members;

namespace WhatsPortal.Tests.Components;

/// <summary>The owner's member page over the circuit: invitations run through the same command as the operator's API.</summary>
public sealed partial class MembersPageTests
{
    [Fact]
    public async Task An_owner_sees_the_members_in_their_language_and_invites_one_with_a_link_shown_once()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (_, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(owner);
        using var _ = new UiCulture("pt-BR");
        portal.Context.Render<MudPopoverProvider>();
        var page = portal.Context.Render<MembersPage>();
        Assert.Equal("Membros", page.Find("h1").TextContent.Trim());
        Assert.Equal("Responsável", page.Find("#members [data-role=Owner]").TextContent.Trim());

        var email = $"new-{Guid.NewGuid():N}@test.local";
        await page.ChangeAsync("#invite-email", email);
        await page.ClickAsync("#invite-submit");

        var link = new Uri(page.WaitForElement("#invite-link").TextContent.Trim());
        Assert.Equal("/Account/Accept", link.AbsolutePath);
        Assert.Equal(email, Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query)["email"].ToString());
        Assert.DoesNotContain(link.ToString(), portal.Context.Render<MembersPage>().Markup);
    }

    [Fact]
    public async Task A_member_gets_not_found_from_the_server_and_cannot_invite()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, member) = await portal.CreateTenantUserAsync(Roles.Member);
        await portal.SignInAsync(member);
        var notFound = ApiKeysPageTests.NotFoundRaised(portal);

        var page = portal.Context.Render<MembersPage>();

        Assert.True(notFound.Task.IsCompleted);
        Assert.Empty(page.FindAll("#members"));
        var email = $"sneaky-{Guid.NewGuid():N}@test.local";
        var refused = await ApiKeysPageTests.RunAsync<InviteMemberCommand, CommandResult<Invitation>>(portal, c => c.RunAsync(tenant.Id, email, Roles.Owner, default));
        Assert.Equal(CommandStatus.TenantNotFound, refused.Status);
        await using var scope = portal.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email));
    }

    [Theory]
    [InlineData("not-an-email", "Informe um e-mail válido.")]
    [InlineData("", "Informe um endereço de e-mail.")]
    public async Task A_bad_email_is_refused_in_the_readers_language_and_nobody_is_invited(string email, string message)
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(owner);
        using var _ = new UiCulture("pt-BR");
        portal.Context.Render<MudPopoverProvider>();
        var page = portal.Context.Render<MembersPage>();

        await page.ChangeAsync("#invite-email", email);
        await page.ClickAsync("#invite-submit");

        page.WaitForAssertion(() => Assert.Contains(message, Errors(page)));
        Assert.Empty(page.FindAll("#invite-link"));
        await using var db = portal.Contexts.AcrossTenants();
        Assert.Single(db.Users.Where(u => u.TenantId == tenant.Id));
    }

    [Fact]
    public async Task Inviting_an_email_of_another_tenant_or_of_the_operator_looks_exactly_like_inviting_a_new_one()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (_, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        var (_, elsewhere) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(owner);
        portal.Context.Render<MudPopoverProvider>();

        var page = portal.Context.Render<MembersPage>();
        async Task<string> InviteAsync(string email)
        {
            await page.ChangeAsync("#invite-email", email);
            await page.ClickAsync("#invite-submit");
            page.WaitForAssertion(() => Assert.Contains(email, page.Find("#invite").TextContent));
            return Normalized(page.Markup, email);
        }

        var fresh = await InviteAsync($"new-{Guid.NewGuid():N}@test.local");
        Assert.Equal(fresh, await InviteAsync(elsewhere.Email!));
        Assert.Equal(fresh, await InviteAsync(PortalFactory.AdminEmail));
    }

    [Fact]
    public async Task Inviting_a_member_of_ones_own_tenant_again_says_so()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(owner);
        portal.Context.Render<MudPopoverProvider>();
        var page = portal.Context.Render<MembersPage>();

        await page.ChangeAsync("#invite-email", owner.Email!);
        await page.ClickAsync("#invite-submit");

        page.WaitForAssertion(() => Assert.Contains($"{owner.Email} is already a member.", page.Markup));
        Assert.Empty(page.FindAll("#invite-link"));
        Assert.Equal(tenant.Id, owner.TenantId);
    }

    [Fact]
    public async Task A_hostile_member_email_is_shown_as_text_in_the_list_and_in_a_refusal()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        const string hostile = "<img src=x onerror=alert(1)>@test.local";
        // Stored as a database row could hold it, past Identity's checks.
        await using (var db = portal.Contexts.AcrossTenants())
        {
            db.Users.Add(new AppUser { UserName = hostile, NormalizedUserName = hostile.ToUpperInvariant(), Email = hostile,
                NormalizedEmail = hostile.ToUpperInvariant(), EmailConfirmed = true, TenantId = tenant.Id, SecurityStamp = "x" });
            await db.SaveChangesAsync();
        }
        await portal.SignInAsync(owner);
        portal.Context.Render<MudPopoverProvider>();
        var page = portal.Context.Render<MembersPage>();
        Assert.Contains(page.FindAll("#members .member-email"), e => e.TextContent == hostile);

        await page.ChangeAsync("#invite-email", hostile);
        await page.ClickAsync("#invite-submit");

        page.WaitForAssertion(() => Assert.Contains($"{hostile} is already a member.", Errors(page)));
        Assert.Empty(page.FindAll("img[src=x]"));
    }

    /// <summary>What the page's fields say is wrong.</summary>
    private static string Errors(IRenderedComponent<MembersPage> page) => string.Join(" ", page.FindAll(".mud-input-error").Select(e => e.TextContent));

    /// <summary>The page with what must differ between two invitations (the email and the one-time code) blanked out.</summary>
    private static string Normalized(string markup, string email)
    {
        markup = markup.Replace(Uri.EscapeDataString(email), "EMAIL").Replace(email, "EMAIL");
        return BlazorHandlers().Replace(Code().Replace(markup, "code=CODE"), "");
    }

    [GeneratedRegex("code=[A-Za-z0-9_-]+")]
    private static partial Regex Code();

    /// <summary>bUnit's event handler ids, which count up with every render.</summary>
    [GeneratedRegex(@" blazor:[\w:]+=""[^""]*""")]
    private static partial Regex BlazorHandlers();
}
