using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Portal;

/// <summary>Portal users for HTTP-level tests, and a browser-like client that logs in and posts the forms pages render.</summary>
public static class PortalUsers
{
    public const string Password = "Tenant-Passw0rd-1";

    public static async Task<(Guid TenantId, string Email)> CreateOwnerAsync(PortalFactory factory, string role = Roles.Owner)
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        return (tenantId, await CreateUserAsync(factory, tenantId, role));
    }

    public static async Task<string> CreateUserAsync(PortalFactory factory, Guid tenantId, string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, TenantId = tenantId };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return email;
    }

    public static async Task<HttpClient> LogInAsync(PortalFactory factory, string email, string password = Password)
    {
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await (await LoginPage.OpenAsync(browser)).SubmitAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>The browser asks for Brazilian Portuguese, as one set to that language does.</summary>
    public static HttpClient InPortuguese(this HttpClient browser)
    {
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("pt-BR,pt;q=0.9");
        return browser;
    }

    public static async Task<IHtmlDocument> GetPageAsync(HttpClient browser, string path)
    {
        var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await LoginPage.ParseAsync(response);
    }

    /// <summary>Posts a form of <paramref name="page"/> as a browser would: its hidden fields (antiforgery, handler) plus the given ones.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient browser, IHtmlDocument page, string formSelector, string pagePath, IDictionary<string, string>? fields = null)
    {
        var form = (IHtmlFormElement)page.QuerySelector(formSelector)!;
        var values = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden").ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in fields ?? new Dictionary<string, string>()) values[name] = value;
        var action = form.GetAttribute("action") is { Length: > 0 } a ? "/" + a.TrimStart('/') : pagePath;
        return await browser.PostAsync(action, new FormUrlEncodedContent(values));
    }

    /// <summary>Posts the user menu's language form. The menu renders its forms only once opened in a browser, so the
    /// antiforgery token comes from a static account page of the same browser, as the menu's own would.</summary>
    public static async Task<HttpResponseMessage> SwitchLanguageAsync(HttpClient browser, string culture, string returnUrl = "/")
    {
        var page = await GetPageAsync(browser, "/Account/Preferences");
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        return await browser.PostAsync("/portal/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["culture"] = culture, ["returnUrl"] = returnUrl,
        }));
    }
}
