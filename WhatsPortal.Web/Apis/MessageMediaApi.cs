using Microsoft.AspNetCore.Http.HttpResults;
using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Infrastructure;

namespace WhatsPortal.Web.Apis;

/// <summary>The file of a media message, sent or received, as a message's <c>media.url</c> names it.</summary>
public static class MessageMediaApi
{
    public static string PathOf(Guid instanceId, Guid messageId) => $"/api/v1/instances/{instanceId}/messages/{messageId}/media";

    public static IEndpointRouteBuilder MapMessageMediaApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/instances/{id:guid}/messages/{messageId:guid}/media", Download).WithTags("Chats and messages")
            .RequireAuthorization(Policies.Read)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Downloads a message's media file (the message's media.url): its bytes with the content type WhatsApp gave and its file name as an attachment.");
        return app;
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> Download(
        Guid id, Guid messageId, HttpContext http, WhatsPortalDbContext db, EnginePaths paths, CancellationToken ct)
    {
        if (await StoredMedia.FindAsync(db, paths, id, messageId, ct) is not { } media)
            return ApiProblems.NotFound("Media not found", $"Instance {id} has no message {messageId} with a stored media file.");
        // An attachment that is never sniffed: a stranger's HTML stays a file even if a browser opens this URL.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.PhysicalFile(media.FullPath, media.MimeType, media.DownloadName);
    }
}
