using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Portal;

/// <summary>Sign-in limits per client address and per account, with the default numbers: 10 posts a minute per address,
/// 5 failures in 15 minutes.</summary>
public sealed partial class SignInLimitsTests(SignInLimitsTests.AddressedPortal factory) : IClassFixture<SignInLimitsTests.AddressedPortal>
{
    private const string Wrong = "Wrong-Passw0rd-1";

    [Fact]
    public async Task One_address_guessing_at_the_operators_email_locks_out_only_itself()
    {
        using var attacker = Browser("198.51.100.1");
        for (var attempt = 0; attempt < 5; attempt++)
            Assert.Equal("Wrong email or password.", await ErrorAfterAsync(attacker, PortalFactory.AdminEmail, Wrong));
        Assert.Contains("locked", await ErrorAfterAsync(attacker, PortalFactory.AdminEmail, PortalFactory.AdminPassword));

        using var theOperator = Browser("192.0.2.10");
        var response = await (await LoginPage.OpenAsync(theOperator)).SubmitAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await theOperator.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_from_five_addresses_lock_the_account_for_everyone()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(factory);
        for (var address = 1; address <= 5; address++)
        {
            using var guesser = Browser($"198.51.100.{10 + address}");
            Assert.Equal("Wrong email or password.", await ErrorAfterAsync(guesser, email, Wrong));
        }
        using var owner = Browser("192.0.2.20");
        Assert.Contains("locked", await ErrorAfterAsync(owner, email, PortalUsers.Password));
    }

    [Fact]
    public async Task Past_ten_posts_a_minute_an_address_gets_429_even_with_the_right_password_and_others_do_not()
    {
        var (limited, browser, attempts) = await PostUntilLimitedAsync("198.51.100.30", "en", async b => await (await LoginPage.OpenAsync(b)).SubmitAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword));

        Assert.True(attempts > 10, $"Limited after {attempts} posts: the first ten of a minute must pass.");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Equal("Too many sign-in attempts from your network. Wait a minute and try again.", (await LoginPage.FromResponseAsync(browser, limited)).ErrorMessage);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);

        using var quiet = Browser("192.0.2.30");
        Assert.Equal(HttpStatusCode.Redirect, (await (await LoginPage.OpenAsync(quiet)).SubmitAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task The_limit_is_said_in_the_readers_language_and_two_factor_codes_count_against_it()
    {
        var (limited, browser, _) = await PostUntilLimitedAsync("198.51.100.40", "pt-BR", async b =>
            await PortalUsers.SubmitAsync(b, await PortalUsers.GetPageAsync(b, "/Account/LoginWith2fa"), "#login-2fa", "/Account/LoginWith2fa",
                new Dictionary<string, string> { ["Input.Code"] = "123456" }));
        Assert.Equal("Tentativas de entrar demais a partir da sua rede. Aguarde um minuto e tente de novo.", (await LoginPage.FromResponseAsync(browser, limited)).ErrorMessage);
    }

    /// <summary>Posts from one address, each time from a new browser, until the address is refused. The bucket refills
    /// one post every six seconds, so on a slow machine it can take a few more than ten: the bound is loose.</summary>
    private async Task<(HttpResponseMessage Limited, HttpClient Browser, int Attempts)> PostUntilLimitedAsync(string address, string language, Func<HttpClient, Task<HttpResponseMessage>> post)
    {
        for (var attempt = 1; attempt <= 30; attempt++)
        {
            var browser = Browser(address);
            browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
            var response = await post(browser);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) return (response, browser, attempt);
            browser.Dispose();
        }
        Assert.Fail($"Thirty sign-in posts from {address} were all let through.");
        return default;
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answers_as_a_known_one_lockout_included()
    {
        var (_, known) = await PortalUsers.CreateOwnerAsync(factory);
        var unknown = $"nobody-{Guid.NewGuid():N}@test.local";
        using var toKnown = Browser("198.51.100.50");
        using var toUnknown = Browser("198.51.100.51");
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var a = await (await LoginPage.OpenAsync(toKnown)).SubmitAsync(known, Wrong);
            var b = await (await LoginPage.OpenAsync(toUnknown)).SubmitAsync(unknown, Wrong);
            Assert.Equal(a.StatusCode, b.StatusCode);
            Assert.Equal(Normalized(await a.Content.ReadAsStringAsync(), known), Normalized(await b.Content.ReadAsStringAsync(), unknown));
        }
        Assert.Contains("locked", await ErrorAfterAsync(toUnknown, unknown, Wrong));
    }

    private HttpClient Browser(string address)
    {
        var browser = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.Add(ClientAddressHeader, address);
        return browser;
    }

    private static async Task<string?> ErrorAfterAsync(HttpClient browser, string email, string password)
    {
        var response = await (await LoginPage.OpenAsync(browser)).SubmitAsync(email, password);
        return (await LoginPage.FromResponseAsync(browser, response)).ErrorMessage;
    }

    /// <summary>The page with what differs by nature blanked out: the antiforgery token and the email the visitor typed.</summary>
    /// <summary>The page with the email and what is encrypted afresh for every response (the antiforgery token, Blazor's
    /// protected component state) blanked out.</summary>
    private static string Normalized(string html, string email) =>
        ComponentState().Replace(AntiforgeryValue().Replace(html.Replace(email, "EMAIL"), "value=\"TOKEN\""), "");

    [GeneratedRegex("(?<=__RequestVerificationToken\"[^>]*)value=\"[^\"]*\"")]
    private static partial Regex AntiforgeryValue();

    [GeneratedRegex("<!--Blazor-Server-Component-State:[^>]*-->")]
    private static partial Regex ComponentState();

    private const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>The app with the default sign-in limits, where each test client says which address it comes from
    /// (the in-memory server has no real one).</summary>
    public sealed class AddressedPortal : PortalFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("RateLimits:SignInAttemptsPerMinute", "10")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
        }
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, then) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientAddressHeader], out var address))
                    context.Connection.RemoteIpAddress = address;
                return then(context);
            });
            next(app);
        };
    }
}
