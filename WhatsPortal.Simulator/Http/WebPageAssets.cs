using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WhatsPortal.Simulator.Http;

/// <summary>Serves the WhatsApp-Web-like page from embedded resources, so it works wherever the simulator is hosted.</summary>
internal static class WebPageAssets
{
    public static void Map(RouteGroupBuilder group)
    {
        // Routing treats /web and /web/ alike, but the page uses relative URLs (wpp.js, ../ws): redirect to the slash form.
        group.MapGet("/web", (HttpContext context) => context.Request.Path.Value?.EndsWith('/') == true
            ? Asset(context, "index.html", "text/html; charset=utf-8")
            : Results.Redirect($"{context.Request.PathBase}{context.Request.Path}/{context.Request.QueryString}")).ExcludeFromDescription();
        group.MapGet("/web/wpp.js", (HttpContext context) => Asset(context, "wpp.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        group.MapGet("/web/page.css", (HttpContext context) => Asset(context, "page.css", "text/css; charset=utf-8")).ExcludeFromDescription();
    }

    private static IResult Asset(HttpContext context, string name, string contentType)
    {
        // A persistent browser profile must not keep an old wpp.js across simulator versions.
        context.Response.Headers.CacheControl = "no-cache";
        var stream = typeof(WebPageAssets).Assembly.GetManifestResourceStream($"WhatsPortal.Simulator.web.{name}")
            ?? throw new InvalidOperationException($"The embedded resource web/{name} is missing from the build.");
        return Results.Stream(stream, contentType);
    }
}
