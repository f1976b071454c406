using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Infrastructure;

namespace WhatsPortal.Tests.Portal;

/// <summary>What every answer tells the browser, and HTTPS as a trusted TLS-terminating proxy forwards it.</summary>
public sealed class SecurityHeadersTests
{
    [Fact]
    public async Task Pages_files_and_api_answers_forbid_sniffing_framing_and_cross_site_referrers()
    {
        await using var portal = new PortalFactory();
        using var client = portal.CreateClient();
        foreach (var path in new[] { "/Account/Login", "/css/portal.css", "/api/v1/instances", "/no-such-page" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
            Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
            Assert.Contains("script-src 'self';", Header(response, "Content-Security-Policy"));
        }
    }

    [Fact]
    public async Task Behind_a_known_proxy_that_terminated_TLS_cookies_are_secure_and_HSTS_is_sent()
    {
        await using var portal = new ProxiedPortal();
        var viaProxy = await LoginPageAsync(portal, ProxiedPortal.Proxy);
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)viaProxy.Response.StatusCode);
        Assert.StartsWith("max-age=", viaProxy.Response.Headers.StrictTransportSecurity.ToString());
        var cookies = viaProxy.Response.Headers.SetCookie.ToArray();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));

        // The same headers from anyone else are ignored: plain HTTP stays plain, nothing is promised over it.
        var forged = await LoginPageAsync(portal, IPAddress.Parse("10.0.0.6"));
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)forged.Response.StatusCode);
        Assert.Empty(forged.Response.Headers.StrictTransportSecurity.ToString());
        Assert.All(forged.Response.Headers.SetCookie.ToArray(), cookie => Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    private static Task<HttpContext> LoginPageAsync(PortalFactory portal, IPAddress from) =>
        portal.Server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = from;
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = "/Account/Login";
            // HSTS is never sent to localhost, so the portal answers under its public name as it would behind the proxy.
            context.Request.Host = new HostString("portal.example.com");
            context.Request.Headers["X-Forwarded-Proto"] = "https";
            context.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        });

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    private sealed class ProxiedPortal : PortalFactory
    {
        public static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.5");

        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new($"{TrustedProxyOptions.Section}:Enabled", "true"),
            new($"{TrustedProxyOptions.Section}:KnownProxies:0", Proxy.ToString()),
        ];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}
