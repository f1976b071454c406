using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Integration;
using WhatsPortal.Web.Authentication;

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

    private static async Task<Results<Created<InstanceResponse>, ProblemHttpResult, ValidationProblem>> Create(
        CreateInstanceRequest request, WhatsPortalDbContext db, IWhatsAppEngine engine, WebhookDestinationGuard guard, CancellationToken ct)
    {
        var name = request.Name.Trim();
        if (request.WebhookUrl is { } url && await guard.ProblemWithAsync(url, ct) is { } problem)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["webhookUrl"] = [problem.Text] });
        if (await db.Instances.AnyAsync(i => i.Name == name, ct))
            return ApiProblems.Conflict("Instance exists", $"An instance named '{name}' already exists.");
        var tenantId = db.Scope.TenantId!.Value;
        var quota = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.InstanceQuota).SingleAsync(ct);
        if (quota is { } max && await db.Instances.CountAsync(ct) >= max)
            return ApiProblems.Conflict("Instance quota reached", $"This tenant may have at most {max} instances.");

        var instance = engine.NewInstance(tenantId, name);
        (instance.WebhookUrl, instance.WebhookEvents, instance.WebhookSecret) = WebhookSettings.Resolve(request.WebhookUrl, null, null, null);
        db.Instances.Add(instance);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/instances/{instance.Id}", InstanceResponse.From(instance));
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

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, WhatsPortalDbContext db, IWhatsAppEngine engine, CancellationToken ct)
    {
        if (!await db.Instances.AnyAsync(i => i.Id == id, ct)) return NotFound(id);
        try
        {
            await engine.DeleteAsync(id, ct);
        }
        catch (InstanceNotFoundException)
        {
            return NotFound(id);
        }
        return TypedResults.NoContent();
    }

    internal static ProblemHttpResult NotFound(Guid id) =>
        ApiProblems.NotFound("Instance not found", $"There is no instance {id}.");
}
