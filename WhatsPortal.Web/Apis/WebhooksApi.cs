using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Integration;

namespace WhatsPortal.Web.Apis;

/// <summary>Webhook settings of an instance and of the whole tenant, the delivery log, and manual redelivery.</summary>
public static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Webhooks")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/instances/{id:guid}/webhook", GetInstanceWebhook).RequireAuthorization(Policies.Manage).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The instance's webhook: URL, selected events and signing secret.");
        api.MapPut("/instances/{id:guid}/webhook", PutInstanceWebhook).RequireAuthorization(Policies.Manage).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Sets (or, with a null url, removes) the instance's webhook. A secret is generated when none is given.");
        api.MapGet("/webhook", GetTenantWebhook).RequireAuthorization(Policies.Manage)
            .WithSummary("The tenant-wide webhook, which receives the events of every instance.");
        api.MapPut("/webhook", PutTenantWebhook).RequireAuthorization(Policies.Manage)
            .WithSummary("Sets (or, with a null url, removes) the tenant-wide webhook.");
        api.MapGet("/instances/{id:guid}/webhook/deliveries", ListDeliveries).RequireAuthorization(Policies.Read).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The instance's delivery log, newest first, with every attempt's response code and duration.");
        api.MapPost("/instances/{id:guid}/webhook/deliveries/{deliveryId:long}/redeliver", Redeliver).RequireAuthorization(Policies.Manage).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Sends a delivery's event again (same event id), after the instance's pending ones.");
        return app;
    }

    public sealed record WebhookRequest(
        [property: StringLength(Instance.WebhookUrlMaxLength)] string? Url,
        string[]? Events = null,
        [property: StringLength(Instance.WebhookSecretMaxLength, MinimumLength = 16)] string? Secret = null);

    public sealed record WebhookResponse(string? Url, string[] Events, string? Secret);

    public sealed record AttemptResponse(DateTime At, int? StatusCode, int DurationMs, string? Error);

    public sealed record DeliveryResponse(
        long Id, Guid EventId, string EventType, string Target, string Url, string Status, int Attempts,
        int? LastStatusCode, string? LastError, DateTime CreatedAt, DateTime? DeliveredAt, DateTime? NextAttemptAt, AttemptResponse[] AttemptLog)
    {
        public static DeliveryResponse From(WebhookDelivery d, IEnumerable<WebhookAttempt> attempts) => new(
            d.Id, d.EventId, d.EventType, SnakeCaseEnum<WebhookTarget>.Name(d.Target), d.Url, SnakeCaseEnum<WebhookDeliveryStatus>.Name(d.Status), d.Attempts,
            d.LastStatusCode, d.LastError, d.CreatedAt, d.DeliveredAt, d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null,
            attempts.Select(a => new AttemptResponse(a.At, a.StatusCode, a.DurationMs, a.Error)).ToArray());
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetInstanceWebhook(Guid id, WhatsPortalDbContext db, CancellationToken ct) =>
        await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct) is { } i
            ? TypedResults.Ok(new WebhookResponse(i.WebhookUrl, IntegrationEventTypes.Selection(i.WebhookEvents), i.WebhookSecret))
            : InstancesApi.NotFound(id);

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> PutInstanceWebhook(
        Guid id, WebhookRequest request, SetInstanceWebhookCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(id, request.Url, request.Events, request.Secret, ct);
        return result.Status switch
        {
            CommandStatus.Done => TypedResults.Ok(new WebhookResponse(result.Value!.WebhookUrl, IntegrationEventTypes.Selection(result.Value.WebhookEvents), result.Value.WebhookSecret)),
            CommandStatus.NotFound => InstancesApi.NotFound(id),
            _ => ApiProblems.Invalid(result.Errors.ToDictionary(e => e.Key, e => e.Value.Select(s => s.Text).ToArray())),
        };
    }

    private static async Task<Ok<WebhookResponse>> GetTenantWebhook(WhatsPortalDbContext db, CancellationToken ct)
    {
        var tenant = await CurrentTenantAsync(db, ct);
        return TypedResults.Ok(new WebhookResponse(tenant.WebhookUrl, IntegrationEventTypes.Selection(tenant.WebhookEvents), tenant.WebhookSecret));
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> PutTenantWebhook(
        WebhookRequest request, WhatsPortalDbContext db, WebhookDestinationGuard guard, WebhookTargetCache targets, CancellationToken ct)
    {
        var url = string.IsNullOrWhiteSpace(request.Url) ? null : request.Url.Trim();
        if (await SetInstanceWebhookCommand.ProblemsAsync(guard, url, request.Events, request.Secret, ct) is { Count: > 0 } errors)
            return ApiProblems.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.Select(s => s.Text).ToArray()));
        IntegrationEventTypes.TryParseSelection(request.Events, out var events, out _);
        var tenant = await CurrentTenantAsync(db, ct);
        (tenant.WebhookUrl, tenant.WebhookEvents, tenant.WebhookSecret) = WebhookSettings.Resolve(url, events, request.Secret, tenant.WebhookSecret);
        await db.SaveChangesAsync(ct);
        targets.ForgetTenant(tenant.Id);
        return TypedResults.Ok(new WebhookResponse(tenant.WebhookUrl, IntegrationEventTypes.Selection(tenant.WebhookEvents), tenant.WebhookSecret));
    }

    private static async Task<Results<Ok<DeliveryResponse[]>, ProblemHttpResult, ValidationProblem>> ListDeliveries(
        Guid id, WhatsPortalDbContext db, CancellationToken ct, int limit = 50, long? before = null)
    {
        if (limit is < 1 or > ChatsApi.MaxPageSize)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {ChatsApi.MaxPageSize}."] });
        if (!await db.Instances.AnyAsync(i => i.Id == id, ct)) return InstancesApi.NotFound(id);
        var deliveries = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.InstanceId == id && (before == null || d.Id < before))
            .OrderByDescending(d => d.Id).Take(limit).ToListAsync(ct);
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).OrderBy(a => a.Id).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        return TypedResults.Ok(deliveries.Select(d => DeliveryResponse.From(d, attempts[d.Id])).ToArray());
    }

    private static async Task<Results<Accepted<DeliveryResponse>, ProblemHttpResult>> Redeliver(
        Guid id, long deliveryId, RedeliverWebhookCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(id, deliveryId, ct);
        if (result.Status != CommandStatus.Done)
            return ApiProblems.NotFound("Delivery not found", $"Instance {id} has no webhook delivery {deliveryId}.");
        return TypedResults.Accepted($"/api/v1/instances/{id}/webhook/deliveries", DeliveryResponse.From(result.Value!, []));
    }

    private static Task<Tenant> CurrentTenantAsync(WhatsPortalDbContext db, CancellationToken ct)
    {
        var tenantId = db.Scope.TenantId ?? throw new InvalidOperationException("Tenant endpoints run with a tenant scope.");
        return db.Tenants.SingleAsync(t => t.Id == tenantId, ct);
    }
}
