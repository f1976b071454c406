using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Web.Apis;

/// <summary>
/// A tenant's message templates. Another tenant's template is not found (404), as one that does not exist. Sending one
/// is <c>POST /api/v1/instances/{id}/messages</c> with <c>templateId</c> and <c>variables</c>.
/// </summary>
public static class TemplatesApi
{
    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var maxMediaBytes = app.ServiceProvider.GetRequiredService<IOptions<EngineOptions>>().Value.MaxMediaBytes;
        var sizeLimit = new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MessagesApi.MaxRequestBytes(maxMediaBytes));
        var templates = app.MapGroup("/api/v1/templates").WithTags("Templates")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        templates.MapGet("/", List).RequireAuthorization(Policies.Read).WithSummary("Lists the tenant's templates, each with the variables its text asks for.");
        templates.MapGet("/{id:guid}", Get).RequireAuthorization(Policies.Read).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Gets one template.");
        templates.MapPost("/", Create).RequireAuthorization(Policies.Manage).WithMetadata(sizeLimit).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Creates a template: a name unique in the tenant, a text with Handlebars {{variables}}, optionally a media file (base64).");
        templates.MapPut("/{id:guid}", Update).RequireAuthorization(Policies.Manage).WithMetadata(sizeLimit)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Changes a template's name and text. A media object replaces its file, removeMedia true drops it; without either the file stays.");
        templates.MapDelete("/{id:guid}", Delete).RequireAuthorization(Policies.Manage).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Deletes a template and its media file; messages sent from it are kept.");
        return app;
    }

    public sealed record TemplateRequest(
        [property: Required, StringLength(MessageTemplate.NameMaxLength, MinimumLength = 1)] string Name,
        [property: Required, StringLength(Message.TextMaxLength, MinimumLength = 1)] string Text,
        MessagesApi.MediaRequest? Media = null,
        bool RemoveMedia = false);

    public sealed record TemplateMediaResponse(string MimeType, string? FileName, long? Size);

    public sealed record TemplateResponse(Guid Id, string Name, string Text, IReadOnlyList<string> Variables, TemplateMediaResponse? Media, DateTime CreatedAt, DateTime? UpdatedAt)
    {
        public static TemplateResponse From(TemplateView t) => new(t.Id, t.Name, t.Text, t.Variables,
            t.MediaMimeType is { } mime ? new TemplateMediaResponse(mime, t.MediaFileName, t.MediaSize) : null, t.CreatedAt, t.UpdatedAt);
    }

    private static async Task<Ok<TemplateResponse[]>> List(TemplateQueries queries, CancellationToken ct) =>
        TypedResults.Ok((await queries.ListAsync(ct) ?? []).Select(TemplateResponse.From).ToArray());

    private static async Task<Results<Ok<TemplateResponse>, ProblemHttpResult>> Get(Guid id, TemplateQueries queries, CancellationToken ct) =>
        await queries.FindAsync(id, ct) is { } template ? TypedResults.Ok(TemplateResponse.From(template)) : NotFound(id);

    private static async Task<Results<Created<TemplateResponse>, ProblemHttpResult>> Create(TemplateRequest request, SaveTemplateCommand save, CancellationToken ct)
    {
        if (Input(request) is not { } input) return InvalidBase64();
        var saved = await save.RunAsync(null, input, ct);
        return saved.Status == CommandStatus.Done
            ? TypedResults.Created($"/api/v1/templates/{saved.Value!.Id}", TemplateResponse.From(TemplateView.From(saved.Value)))
            : ApiProblems.Refusal(saved, "Template not created", () => ApiProblems.NotFound("Tenant not found", "The caller belongs to no tenant."));
    }

    private static async Task<Results<Ok<TemplateResponse>, ProblemHttpResult>> Update(Guid id, TemplateRequest request, SaveTemplateCommand save, CancellationToken ct)
    {
        if (Input(request) is not { } input) return InvalidBase64();
        var saved = await save.RunAsync(id, input, ct);
        return saved.Status == CommandStatus.Done
            ? TypedResults.Ok(TemplateResponse.From(TemplateView.From(saved.Value!)))
            : ApiProblems.Refusal(saved, "Template not changed", () => NotFound(id));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, DeleteTemplateCommand delete, CancellationToken ct) =>
        (await delete.RunAsync(id, ct)).Status == CommandStatus.Done ? TypedResults.NoContent() : NotFound(id);

    /// <summary>The command's input, or null when the media's base64 does not decode.</summary>
    private static TemplateInput? Input(TemplateRequest request)
    {
        TemplateMediaChange media = request.RemoveMedia ? new TemplateMediaChange.Remove() : new TemplateMediaChange.Keep();
        if (request.Media is { } file)
        {
            if (!Base64Content.TryDecode(file.Base64, out var bytes)) return null;
            media = new TemplateMediaChange.Replace(OutgoingFile.Of(bytes, file.MimeType, file.FileName));
        }
        return new TemplateInput(request.Name, request.Text, media);
    }

    private static ProblemHttpResult InvalidBase64() =>
        ApiProblems.Invalid(new Dictionary<string, string[]> { ["media.base64"] = ["The media content is not valid base64 (a data: URL prefix is accepted)."] });

    private static ProblemHttpResult NotFound(Guid id) => ApiProblems.NotFound("Template not found", $"There is no template {id}.");
}
