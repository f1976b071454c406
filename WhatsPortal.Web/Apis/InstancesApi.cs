using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Services;

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

    /// <summary>Node: the cluster node running the instance now (the one holding its unexpired lease), null when none does.</summary>
    public sealed record InstanceResponse(
        Guid Id, string Name, string Status, string? StatusReason, string? WhatsAppId, string? WebhookUrl,
        bool AutoStart, DateTime CreatedAt, DateTime UpdatedAt, DateTime? LastActivityAt, string? Node)
    {
        public static InstanceResponse From(InstanceOnNode found)
        {
            var i = found.Instance;
            return new(i.Id, i.Name, SnakeCaseEnum<InstanceStatus>.Name(i.Status), i.StatusReason, i.WhatsAppId, i.WebhookUrl,
                i.AutoStart, i.CreatedAt, i.UpdatedAt, i.LastActivityAt, found.Node);
        }
    }

    /// <summary>The caller's instances as the API answers them, each with its node, in one query.</summary>
    private static IQueryable<InstanceResponse> Answers(WhatsPortalDbContext db, TimeProvider clock, IQueryable<Instance> instances) =>
        instances.AsNoTracking().WithNode(db.InstanceLeases, clock.GetUtcNow().UtcDateTime).Select(found => InstanceResponse.From(found));

    /// <summary>One instance as the API answers it (after a command, read again for the node that runs it now); null when the caller has none such.</summary>
    internal static Task<InstanceResponse?> AnswerAsync(WhatsPortalDbContext db, TimeProvider clock, Guid id, CancellationToken ct) =>
        Answers(db, clock, db.Instances.Where(i => i.Id == id)).SingleOrDefaultAsync(ct);

    private static async Task<Results<Created<InstanceResponse>, ProblemHttpResult>> Create(
        CreateInstanceRequest request, CreateInstanceCommand command, WhatsPortalDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var created = await command.RunAsync(request.Name, request.WebhookUrl, ct);
        return created.Status == CommandStatus.Done
            ? TypedResults.Created($"/api/v1/instances/{created.Value!.Id}", (await AnswerAsync(db, clock, created.Value.Id, ct))!)
            : ApiProblems.Refusal(created, "Instance not created", () => ApiProblems.NotFound("Tenant not found", "The caller belongs to no tenant."));
    }

    private static async Task<Ok<InstanceResponse[]>> List(WhatsPortalDbContext db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await Answers(db, clock, db.Instances.OrderBy(i => i.Name)).ToArrayAsync(ct));

    private static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> Get(Guid id, WhatsPortalDbContext db, TimeProvider clock, CancellationToken ct) =>
        await AnswerAsync(db, clock, id, ct) is { } instance
            ? TypedResults.Ok(instance)
            : NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, InstanceLifecycleCommand command, CancellationToken ct)
    {
        var deleted = await command.RunAsync(id, InstanceAction.Delete, ct);
        return deleted.Status == CommandStatus.Done ? TypedResults.NoContent() : ApiProblems.Refusal(deleted, "Not possible now", () => NotFound(id));
    }

    internal static ProblemHttpResult NotFound(Guid id) =>
        ApiProblems.NotFound("Instance not found", $"There is no instance {id}.");
}
