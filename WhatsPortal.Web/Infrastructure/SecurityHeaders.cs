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
    /// The portal's pages load only their own scripts, styles, fonts and images and talk only to the portal (the circuit's
    /// WebSocket: 'self' covers ws:/wss: to the same host); nobody may frame them. Styles allow inline: MudBlazor sets
    /// style attributes and its theme's CSS variables inline, and Blazor toggles element styles as it renders. Scripts
    /// stay 'self' only, so injected markup still cannot run.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " + CommonPolicy;

    /// <summary>The API's browsable UI (Swagger UI under /api) adds an inline style of its own; nothing else is relaxed.</summary>
    public const string ApiExplorerPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " + CommonPolicy;

    private const string CommonPolicy =
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

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
                var path = context.Request.Path;
                if (path.StartsWithSegments(SandboxExtensions.Prefix)) return Task.CompletedTask;
                headers.ContentSecurityPolicy = path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/v1") ? ApiExplorerPolicy : ContentSecurityPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
