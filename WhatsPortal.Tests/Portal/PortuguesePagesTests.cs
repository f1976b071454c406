using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Portal;

/// <summary>The pages a Brazilian user or operator opens, asked for in pt-BR (Accept-Language): Portuguese headings, buttons and errors.</summary>
public sealed class PortuguesePagesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Logging_in_and_the_account_pages_are_in_Brazilian_Portuguese()
    {
        using var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }).InPortuguese();
        var login = await LoginPage.OpenAsync(anonymous);
        Assert.Equal("Entrar", login.Form.QuerySelector("button[type=submit]")!.TextContent.Trim());
        var wrong = await login.SubmitAsync("nobody@test.local", "Wrong-Passw0rd-123");
        Assert.Equal("E-mail ou senha incorretos.", (await LoginPage.FromResponseAsync(anonymous, wrong)).ErrorMessage);
        var accept = await PortalUsers.GetPageAsync(anonymous, "/Account/Accept?email=nobody%40test.local&code=x");
        Assert.Contains("Escolha sua senha", Heading(accept));

        var (_, email) = await PortalUsers.CreateOwnerAsync(factory);
        using var user = (await PortalUsers.LogInAsync(factory, email)).InPortuguese();
        var password = await PortalUsers.GetPageAsync(user, "/Account/Password");
        Assert.Equal("Alterar senha", Heading(password));
        Assert.Equal("Senha atual", password.QuerySelector("label[for='Input.Current']")!.TextContent);
        var twoFactor = await PortalUsers.GetPageAsync(user, "/Account/TwoFactor");
        Assert.Equal("Autenticação em dois fatores", Heading(twoFactor));
        Assert.Equal("Ativar", twoFactor.QuerySelector("#enable-2fa button")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_too_short_or_too_simple_new_password_is_refused_in_Brazilian_Portuguese()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(factory);
        using var user = (await PortalUsers.LogInAsync(factory, email)).InPortuguese();
        async Task<IHtmlDocument> ChangeAsync(string current, string next) => await LoginPage.ParseAsync(await PortalUsers.SubmitAsync(
            user, await PortalUsers.GetPageAsync(user, "/Account/Password"), "#change-password", "/Account/Password",
            new Dictionary<string, string> { ["Input.Current"] = current, ["Input.New"] = next, ["Input.Confirm"] = next }));

        // The form's own rule (DataAnnotations), then Identity's password rules and its wrong-password check.
        Assert.Contains("A senha deve ter de 12 a 256 caracteres.", Texts(await ChangeAsync(PortalUsers.Password, "Short-1"), ".validation-message"));
        var simple = Texts(await ChangeAsync(PortalUsers.Password, "onlylowercaseletters"), ".mud-alert-text-error");
        Assert.Contains("A senha deve ter pelo menos um número (0-9).", simple);
        Assert.Contains("A senha deve ter pelo menos uma letra maiúscula (A-Z).", simple);
        Assert.Contains("Senha incorreta.", Texts(await ChangeAsync("Not-The-Passw0rd", "Another-Passw0rd-9"), ".mud-alert-text-error"));
    }

    [Fact]
    public async Task The_instance_page_is_in_Brazilian_Portuguese()
    {
        var (tenantId, email) = await PortalUsers.CreateOwnerAsync(factory);
        var instance = new Instance { Name = "vendas" };
        await using (var db = factory.Services.GetRequiredService<WhatsPortalDbContextFactory>().ForTenant(tenantId))
        {
            db.Instances.Add(instance);
            await db.SaveChangesAsync();
        }
        using var owner = (await PortalUsers.LogInAsync(factory, email)).InPortuguese();
        var path = $"/instances/{instance.Id}";
        var page = await PortalUsers.GetPageAsync(owner, path);
        Assert.Equal("parada", page.QuerySelector($"[data-status-for='{instance.Id}']")!.TextContent.Trim());
        Assert.Equal("stopped", page.QuerySelector($"[data-status-for='{instance.Id}']")!.GetAttribute("data-status"));
    }

    private static string Heading(IHtmlDocument page) => page.QuerySelector("h1")!.TextContent.Trim();

    private static List<string> Texts(IHtmlDocument page, string selector) =>
        page.QuerySelectorAll(selector).Select(e => e.TextContent.Trim()).ToList();
}
