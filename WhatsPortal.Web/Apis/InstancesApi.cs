using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Commands;

namespace WhatsPortal.Web.Apis;

/// <summary>
/// A tenant's instances. Every query goes through the request's tenant-scoped context, so another
/// tenant's instance is simply not found (404), never forbidden.
/// </summary>
public static class InstancesApi
{
    public static IEndpointRouteBuilder MapInstancesApi(this IEndpointRouteBuilder app)
    {
        var instances = app.MapGroup("/api/v1/instances").WithTags("Instances")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        instances.MapPost("/", Create).RequireAuthorization(Policies.Manage).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Creates an instance (one WhatsApp number).");
        instances.MapGet("/", List).RequireAuthorization(Policies.Read).WithSummary("Lists the tenant's instances.");
        instances.MapGet("/{id:guid}", Get).RequireAuthorization(Policies.Read).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Gets one instance.");
        instances.MapDelete("/{id:guid}", Delete).RequireAuthorization(Policies.Manage).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Deletes an instance, its chats, messages and browser profile.");
        return app;
    }

    public sealed record CreateInstanceRequest(
        [property: Required, StringLength(Instance.NameMaxLength, MinimumLength = 1)] string Name,
        [property: StringLength(Instance.WebhookUrlMaxLength)] string? WebhookUrl = null);

    public sealed record InstanceResponse(
        Guid Id, string Name, string Status, string? StatusReason, string? WhatsAppId, string? WebhookUrl,
        bool AutoStart, DateTime CreatedAt, DateTime UpdatedAt, DateTime? LastActivityAt)
    {
        public static InstanceResponse From(Instance i) => new(
            i.Id, i.Name, SnakeCaseEnum<InstanceStatus>.Name(i.Status), i.StatusReason, i.WhatsAppId, i.WebhookUrl,
            i.AutoStart, i.CreatedAt, i.UpdatedAt, i.LastActivityAt);
    }

    private static async Task<Results<Created<InstanceResponse>, ProblemHttpResult>> Create(
        CreateInstanceRequest request, CreateInstanceCommand command, CancellationToken ct)
    {
        var created = await command.RunAsync(request.Name, request.WebhookUrl, ct);
        return created.Status == CommandStatus.Done
            ? TypedResults.Created($"/api/v1/instances/{created.Value!.Id}", InstanceResponse.From(created.Value))
            : ApiProblems.Refusal(created, "Instance not created", () => ApiProblems.NotFound("Tenant not found", "The caller belongs to no tenant."));
    }

    private static async Task<Ok<InstanceResponse[]>> List(WhatsPortalDbContext db, CancellationToken ct)
    {
        var rows = await db.Instances.AsNoTracking().OrderBy(i => i.Name).ToArrayAsync(ct);
        return TypedResults.Ok(rows.Select(InstanceResponse.From).ToArray());
    }

    private static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Get(Guid id, WhatsPortalDbContext db, CancellationToken ct) =>
        await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct) is { } instance
            ? TypedResults.Ok(InstanceResponse.From(instance))
            : NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, InstanceLifecycleCommand command, CancellationToken ct)
    {
        var deleted = await command.RunAsync(id, InstanceAction.Delete, ct);
        return deleted.Status == CommandStatus.Done ? TypedResults.NoContent() : ApiProblems.Refusal(deleted, "Not possible now", () => NotFound(id));
    }

    internal static ProblemHttpResult NotFound(Guid id) =>
        ApiProblems.NotFound("Instance not found", $"There is no instance {id}.");
}
