using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Components.Pages.ApiKeys;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Tests.Components;

/// <summary>The owner's API key page over the circuit: the same commands as the operator's API, authorised on the server.</summary>
public sealed class ApiKeysPageTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task An_owner_creates_a_key_shown_once_with_a_copy_button_and_afterwards_only_its_prefix_is_listed()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(owner);
        var page = portal.Context.Render<ApiKeysPage>();

        await page.ChangeAsync("#key-name", "crm");
        await page.ClickAsync("#create-key");
        var key = page.WaitForElement("#new-key-value").TextContent.Trim();

        await using (var db = portal.Contexts.ForTenant(tenant.Id))
        {
            var stored = await db.ApiKeys.SingleAsync();
            Assert.Equal(ApiKeyFormat.Hash(key), stored.Hash);
            Assert.Equal(ApiKeyScopes.Read | ApiKeyScopes.Send, stored.Scopes);
        }
        await page.ClickAsync("#copy-key");
        Assert.Contains(portal.Context.JSInterop.Invocations, i => i.Identifier == "navigator.clipboard.writeText" && (string?)i.Arguments[0] == key);

        // Coming back to the page (a new component, as navigation makes) shows the prefix and never the key again.
        var again = portal.Context.Render<ApiKeysPage>();
        Assert.DoesNotContain(key, again.Markup);
        Assert.Contains(key[..ApiKey.PrefixLength], again.Find("#api-keys").TextContent);
        // Closing the message forgets it on the page that showed it too.
        await page.ClickAsync("#new-key button.mud-alert-close-button, #new-key .mud-alert-close button");
        Assert.DoesNotContain(key, page.Markup);
    }

    [Fact]
    public async Task A_member_gets_not_found_from_the_server_and_no_keys()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, member) = await portal.CreateTenantUserAsync(Roles.Member);
        await portal.SignInAsync(member);
        await IssueAsOperatorAsync(portal, tenant.Id, "crm");
        var notFound = NotFoundRaised(portal);

        var page = portal.Context.Render<ApiKeysPage>();

        Assert.True(notFound.Task.IsCompleted);
        Assert.Empty(page.FindAll("#api-keys"));
        Assert.DoesNotContain("crm", page.Markup);
        // And the command refuses a member even when called directly, as a tampered circuit could.
        var refused = await RunAsync<IssueApiKeyCommand, CommandResult<IssuedApiKey>>(portal, c => c.RunAsync(tenant.Id, "mine", ["read"], default));
        Assert.Equal(CommandStatus.TenantNotFound, refused.Status);
        await using var db = portal.Contexts.ForTenant(tenant.Id);
        Assert.Equal(1, await db.ApiKeys.CountAsync());
    }

    [Fact]
    public async Task An_empty_name_and_no_scope_are_refused_in_the_readers_language_and_nothing_is_created()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(owner);
        using var _ = new UiCulture("pt-BR");
        var page = portal.Context.Render<ApiKeysPage>();
        Assert.Equal("Chaves de API", page.Find("h1").TextContent.Trim());

        await page.ChangeAsync("#key-name", "   ");
        foreach (var scope in new[] { "read", "send" })
            await page.ChangeAsync($"[data-scope={scope}] input", false);
        await page.ClickAsync("#create-key");

        page.WaitForAssertion(() => Assert.Equal("Escolha pelo menos um escopo.", page.Find("#scopes-error").TextContent.Trim()));
        Assert.Contains("Informe quem vai usar a chave.", page.Markup);
        Assert.Empty(page.FindAll("#new-key"));
        await using var db = portal.Contexts.ForTenant(tenant.Id);
        Assert.False(await db.ApiKeys.AnyAsync());
    }

    [Fact]
    public async Task An_owner_revokes_a_key_after_confirming_it()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(owner);
        var issued = await IssueAsOperatorAsync(portal, tenant.Id, "crm");
        var dialogs = portal.Context.Render<MudDialogProvider>();
        var page = portal.Context.Render<ApiKeysPage>();

        var asking = page.ClickAsync($"[data-revoke='{issued.Prefix}']");
        await dialogs.ClickWhenShownAsync("#confirm-ok");
        await asking;

        page.WaitForElement($"[data-revoked='{issued.Prefix}']");
        await using var db = portal.Contexts.ForTenant(tenant.Id);
        Assert.NotNull((await db.ApiKeys.SingleAsync()).RevokedAt);
    }

    [Fact]
    public async Task Cancelling_the_confirmation_revokes_nothing()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(owner);
        var issued = await IssueAsOperatorAsync(portal, tenant.Id, "crm");
        var dialogs = portal.Context.Render<MudDialogProvider>();
        var page = portal.Context.Render<ApiKeysPage>();

        var asking = page.ClickAsync($"[data-revoke='{issued.Prefix}']");
        dialogs.WaitForElement("#confirm-ok");
        dialogs.FindAll(".mud-dialog-actions button").Single(b => b.Id != "confirm-ok").Click();
        await asking;

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#confirm-ok")));
        await using var db = portal.Contexts.ForTenant(tenant.Id);
        Assert.Null((await db.ApiKeys.SingleAsync()).RevokedAt);
    }

    [Fact]
    public async Task Revoking_another_tenants_key_from_the_circuit_is_not_found_and_revokes_nothing()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (mine, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        var (theirs, _) = await portal.CreateTenantUserAsync(Roles.Owner);
        var theirKey = await IssueAsOperatorAsync(portal, theirs.Id, "theirs");
        await portal.SignInAsync(owner);

        // What the page would send for a tampered key id (own tenant, their key), and for a tampered tenant id.
        var byKey = await RunAsync<RevokeApiKeyCommand, CommandResult<ApiKey>>(portal, c => c.RunAsync(mine.Id, theirKey.Id, default));
        var byTenant = await RunAsync<RevokeApiKeyCommand, CommandResult<ApiKey>>(portal, c => c.RunAsync(theirs.Id, theirKey.Id, default));

        Assert.Equal(CommandStatus.NotFound, byKey.Status);
        Assert.Equal(CommandStatus.NotFound, byTenant.Status);
        await using var db = portal.Contexts.AcrossTenants();
        Assert.Null((await db.ApiKeys.SingleAsync(k => k.Id == theirKey.Id)).RevokedAt);
        // And the page lists only its own tenant's keys.
        Assert.DoesNotContain(theirKey.Prefix, portal.Context.Render<ApiKeysPage>().Markup);
    }

    [Fact]
    public async Task A_hostile_key_name_is_shown_as_text()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (_, owner) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(owner);
        var page = portal.Context.Render<ApiKeysPage>();

        await page.ChangeAsync("#key-name", Hostile);
        await page.ClickAsync("#create-key");

        page.WaitForElement("#new-key-value");
        Assert.Empty(page.FindAll("img[src=x]"));
        Assert.Equal(Hostile, page.Find("#api-keys .key-name").TextContent);
        Assert.Contains(Hostile, page.Find("#new-key").TextContent);
    }

    internal static async Task<IssuedApiKey> IssueAsOperatorAsync(PortalComponents portal, Guid tenantId, string name)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(Operator());
        var result = await scope.ServiceProvider.GetRequiredService<IssueApiKeyCommand>().RunAsync(tenantId, name, ["read"], default);
        return result.Value ?? throw new InvalidOperationException(result.Status.ToString());
    }

    /// <summary>The operator as the admin API authenticates it.</summary>
    internal static System.Security.Claims.ClaimsPrincipal Operator() =>
        new(new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.Role, Roles.Admin)], "test"));

    /// <summary>A call as the page makes it: through <see cref="PortalOperations"/>, as the circuit's user.</summary>
    internal static Task<TResult> RunAsync<TService, TResult>(PortalComponents portal, Func<TService, Task<TResult>> operation) where TService : notnull =>
        portal.Services.GetRequiredService<PortalOperations>().RunAsync(operation);

    internal static TaskCompletionSource NotFoundRaised(PortalComponents portal)
    {
        var raised = new TaskCompletionSource();
        portal.Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => raised.TrySetResult();
        return raised;
    }
}

/// <summary>The reader's language for one test, as request localization sets it for a circuit.</summary>
internal sealed class UiCulture : IDisposable
{
    private readonly CultureInfo _before = CultureInfo.CurrentUICulture;
    private readonly CultureInfo _beforeFormats = CultureInfo.CurrentCulture;

    public UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(name);

    public void Dispose() => (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (_before, _beforeFormats);
}
