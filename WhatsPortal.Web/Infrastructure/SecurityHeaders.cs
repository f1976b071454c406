using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace WhatsPortal.Web.Infrastructure;

/// <summary>
/// <c>ForwardedHeaders:*</c>: trust X-Forwarded-For/Proto from the TLS-terminating proxy in front of the portal. Off
/// unless configured, because a forged X-Forwarded-Proto from anyone else would make plain HTTP pass for HTTPS.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "ForwardedHeaders";

    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies whose forwarded headers count, besides loopback (always trusted).</summary>
    public string[] KnownProxies { get; set; } = [];
}

/// <summary>What every response tells the browser about how it may be used, and the HTTPS that a proxy terminates.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The portal's pages load only their own scripts, styles, fonts and images (Bootstrap's CSS draws a few icons as
    /// data: URLs) and talk only to the portal (htmx, its live stream); nobody may frame them. The one place to widen
    /// when the portal's client changes (e.g. Blazor's circuit needs ws:/wss: in connect-src).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.Section);
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((options, proxies) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.Value.KnownProxies)
                options.KnownProxies.Add(IPAddress.Parse(proxy));
        });
        // Every cookie (sign-in, antiforgery, language) is Secure whenever the request came over HTTPS, forwarded or not.
        builder.Services.Configure<CookiePolicyOptions>(options => options.Secure = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>First in the pipeline: the scheme must be the forwarded one before anything reads it or writes a cookie.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.Enabled)
            app.UseForwardedHeaders();
        // Sent over HTTPS only, and never to localhost (UseHsts' defaults); Development stays free to switch back to HTTP.
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseCookiePolicy();
        app.Use((context, next) =>
        {
            // When the answer starts: the exception handler clears headers set before it rethrows into an error page.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                // The sandbox's simulator pages carry their own inline script and style; they are not the portal.
                if (!context.Request.Path.StartsWithSegments(SandboxExtensions.Prefix))
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
