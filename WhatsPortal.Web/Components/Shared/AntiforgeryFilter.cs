using Microsoft.AspNetCore.Antiforgery;

namespace WhatsPortal.Web.Components.Shared;

/// <summary>
/// Portal form posts to minimal endpoints validate the antiforgery token explicitly: ASP.NET Core only enforces it
/// by itself on endpoints that bind form fields, and an action endpoint may have none to bind.
/// </summary>
public static class AntiforgeryFilter
{
    public static TBuilder RequireAntiforgeryToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) return await next(context);
            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return TypedResults.BadRequest();
            }
            return await next(context);
        });
}
