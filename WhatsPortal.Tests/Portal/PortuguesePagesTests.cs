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
        var simple = Texts(await ChangeAsync(PortalUsers.Password, "onlylowercaseletters"), ".alert-danger");
        Assert.Contains("A senha deve ter pelo menos um número (0-9).", simple);
        Assert.Contains("A senha deve ter pelo menos uma letra maiúscula (A-Z).", simple);
        Assert.Contains("Senha incorreta.", Texts(await ChangeAsync("Not-The-Passw0rd", "Another-Passw0rd-9"), ".alert-danger"));
    }

    [Fact]
    public async Task The_owners_key_and_member_pages_are_in_Brazilian_Portuguese()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(factory);
        using var owner = (await PortalUsers.LogInAsync(factory, email)).InPortuguese();
        var keys = await PortalUsers.GetPageAsync(owner, "/api-keys");
        Assert.Equal("Chaves de API", Heading(keys));
        Assert.Equal("Criar chave", keys.QuerySelector("#create-key button[type=submit]")!.TextContent.Trim());
        var created = await LoginPage.ParseAsync(await PortalUsers.SubmitAsync(owner, keys, "#create-key", "/api-keys",
            new Dictionary<string, string> { ["Input.Name"] = "crm", ["Input.Read"] = "true" }));
        Assert.StartsWith("Copie agora a chave de “crm”", created.QuerySelector("#new-key")!.TextContent.Trim());
        Assert.StartsWith("Revogar “crm”?", created.QuerySelector("#api-keys form")!.GetAttribute("data-confirm"));

        var members = await PortalUsers.GetPageAsync(owner, "/members");
        Assert.Equal("Membros", Heading(members));
        Assert.Equal("Convidar", members.QuerySelector("#invite-form button[type=submit]")!.TextContent.Trim());
        Assert.Equal("Responsável", members.QuerySelector("#members [data-role=Owner]")!.TextContent);
    }

    [Fact]
    public async Task The_operators_tenants_and_statistics_are_in_Brazilian_Portuguese()
    {
        var (tenantId, _) = await PortalUsers.CreateOwnerAsync(factory);
        using var admin = (await PortalUsers.LogInAsync(factory, PortalFactory.AdminEmail, PortalFactory.AdminPassword)).InPortuguese();
        var dashboard = await PortalUsers.GetPageAsync(admin, "/");
        Assert.Contains("Clientes", Texts(dashboard, "h2"));
        var suspend = dashboard.QuerySelector($"form[action='portal/admin/tenants/{tenantId}/suspend']")!;
        Assert.Equal("Suspender", suspend.QuerySelector("button")!.TextContent.Trim());
        Assert.EndsWith("As instâncias dele param e os usuários são desconectados.", suspend.GetAttribute("data-confirm"));

        var statistics = await PortalUsers.GetPageAsync(admin, "/admin/statistics");
        Assert.StartsWith("Estatísticas", Heading(statistics));
        Assert.Contains("Mensagens por hora", Texts(statistics, "h2"));
        Assert.Contains("\"recebidas\"", statistics.QuerySelector("#messages-chart")!.GetAttribute("data-chart"));
    }

    [Fact]
    public async Task The_instance_page_and_the_engines_refusals_are_in_Brazilian_Portuguese()
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

        // The engine and the webhook guard refuse with sentences that have a value in them: translated, value in place.
        var refused = await LoginPage.ParseAsync(await PortalUsers.SubmitAsync(owner, page, "#new-chat", path,
            new Dictionary<string, string> { ["NewChat.To"] = "abc", ["NewChat.Text"] = "oi" }));
        Assert.Equal("“abc” não é um número de telefone com o código do país (ex.: 5511999990000) nem um ID do WhatsApp.",
            refused.QuerySelector("#send-error")!.TextContent);
        var privateHook = await LoginPage.ParseAsync(await PortalUsers.SubmitAsync(owner, await PortalUsers.GetPageAsync(owner, path), "#settings", path,
            new Dictionary<string, string> { ["Settings.WebhookUrl"] = "http://127.0.0.1/in", ["Settings.SendIntervalMs"] = "0", ["Settings.SendJitterMs"] = "0" }));
        Assert.StartsWith("“127.0.0.1” é um endereço privado", privateHook.QuerySelector("#settings-error")!.TextContent);
    }

    private static string Heading(IHtmlDocument page) => page.QuerySelector("h1")!.TextContent.Trim();

    private static List<string> Texts(IHtmlDocument page, string selector) =>
        page.QuerySelectorAll(selector).Select(e => e.TextContent.Trim()).ToList();
}
