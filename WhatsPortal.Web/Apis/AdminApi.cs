using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Web.Apis;

/// <summary>The operator's API: provisioning tenants, their users and keys, quotas and suspension. Only the operator key
/// (<c>Admin:ApiKey</c>) gets in. What the portal's operator can also do runs through the same commands.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization(Policies.Operator)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/tenants", ListTenants).WithSummary("Lists every tenant.");
        admin.MapPost("/tenants", CreateTenant).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Creates a tenant.");
        admin.MapPost("/tenants/{tenantId:guid}/api-keys", CreateApiKey).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Creates an API key for a tenant; the key is shown only in this response.");
        admin.MapGet("/tenants/{tenantId:guid}/api-keys", ListApiKeys).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Lists a tenant's API keys by prefix (never the keys themselves).");
        admin.MapDelete("/tenants/{tenantId:guid}/api-keys/{keyId:guid}", RevokeApiKey).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Revokes an API key; it stops working at once.");
        admin.MapPost("/tenants/{tenantId:guid}/users", CreateUser).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Adds a user (Owner or Member) to a tenant who can sign in to the portal at once with this password.");
        admin.MapPost("/tenants/{tenantId:guid}/invitations", Invite).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Invites someone to a tenant as Owner or Member: the link lets them choose a password once.");
        admin.MapPost("/tenants/{tenantId:guid}/suspend", Suspend).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Suspends a tenant: its instances stop and its users are signed out and cannot log in until it is resumed.");
        admin.MapPost("/tenants/{tenantId:guid}/resume", Resume).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Resumes a suspended tenant: its users can log in again; its instances stay stopped until started.");
        admin.MapPut("/tenants/{tenantId:guid}/quota", SetQuota).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Sets how many instances a tenant may have (null: no limit); instances over a lowered quota are kept.");
        admin.MapGet("/nodes", ListNodes)
            .WithSummary("Lists the cluster's nodes: alive, draining, or down (no heartbeat for 10 s); a node silent for a day is no longer listed.");
        admin.MapPost("/nodes/{name}/drain", (string name, DrainNodeCommand command, CancellationToken ct) => Drain(name, drain: true, command, ct))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Drains a node: its instances move to other nodes without a QR and it takes no new ones. 409 when no other node is alive and taking instances.");
        admin.MapPost("/nodes/{name}/undrain", (string name, DrainNodeCommand command, CancellationToken ct) => Drain(name, drain: false, command, ct))
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Lets a drained node take instances again; the ones that moved away stay where they are.");
        return app;
    }

    public sealed record CreateTenantRequest(
        [property: Required, StringLength(Tenant.NameMaxLength, MinimumLength = 1)] string Name,
        [property: Range(0, SetTenantQuotaCommand.MaxQuota)] int? InstanceQuota = null);

    /// <summary>The password must meet the portal's policy (12+ characters with upper case, lower case and a digit).</summary>
    public sealed record CreateTenantUserRequest(
        [property: Required, StringLength(256)] string Email,
        [property: Required, StringLength(256)] string Password,
        [property: Required] string Role);

    public sealed record TenantUserResponse(string Id, Guid TenantId, string Email, string Role);

    public sealed record InviteRequest([property: Required] string Email, [property: Required] string Role);

    /// <summary>The link works once, until the invited person has chosen a password; there is no mail server, so pass it on.</summary>
    public sealed record InvitationResponse(string Email, string Link);

    public sealed record SetQuotaRequest(int? InstanceQuota);

    public sealed record TenantResponse(Guid Id, string Name, int? InstanceQuota, DateTime CreatedAt, DateTime? SuspendedAt);

    /// <summary>The name says what uses the key (at most 100 characters); scopes are read, send and manage, at least one.</summary>
    public sealed record CreateApiKeyRequest([property: Required] string Name, [property: Required] string[] Scopes);

    public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Prefix, string[] Scopes, string Key);

    /// <summary>Status: alive, draining or down. Memory is the node process's working set, in bytes.</summary>
    public sealed record NodeResponse(string Name, string Address, string Status, int InstanceCount, long MemoryBytes, DateTime StartedAt, DateTime HeartbeatAt)
    {
        public static NodeResponse From(NodeView node) => new(node.Name, node.Address, SnakeCaseEnum<NodeStatus>.Name(node.Status),
            node.InstanceCount, node.MemoryBytes, node.StartedAt, node.HeartbeatAt);
    }

    public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, string[] Scopes, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

    private static async Task<Ok<TenantResponse[]>> ListTenants(WhatsPortalDbContextFactory contexts, CancellationToken ct)
    {
        await using var db = contexts.AcrossTenants();
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new TenantResponse(t.Id, t.Name, t.InstanceQuota, t.CreatedAt, t.SuspendedAt)).ToArrayAsync(ct);
        return TypedResults.Ok(tenants);
    }

    private static async Task<Results<Created<TenantResponse>, ProblemHttpResult>> CreateTenant(
        CreateTenantRequest request, CreateTenantCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(request.Name, request.InstanceQuota, owner: null, ct);
        // No tenant to name when refused as not found: only a caller who is not the operator is, and the policy lets none in.
        if (result.Value is not { } tenant) return Refusal(Guid.Empty, result);
        return TypedResults.Created($"/api/v1/admin/tenants/{tenant.Id}", ResponseOf(tenant));
    }

    private static TenantResponse ResponseOf(Tenant tenant) => new(tenant.Id, tenant.Name, tenant.InstanceQuota, tenant.CreatedAt, tenant.SuspendedAt);

    private static async Task<Results<Created<TenantUserResponse>, ProblemHttpResult>> CreateUser(
        Guid tenantId, CreateTenantUserRequest request, CreateTenantUserCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(tenantId, request.Email, request.Password, request.Role, ct);
        if (result.Value is not { } user) return Refusal(tenantId, result);
        return TypedResults.Created($"/api/v1/admin/tenants/{tenantId}/users/{user.Id}", new TenantUserResponse(user.Id, tenantId, user.Email!, request.Role));
    }

    private static async Task<Results<Created<InvitationResponse>, ProblemHttpResult>> Invite(
        Guid tenantId, InviteRequest request, InviteMemberCommand command, HttpRequest http, CancellationToken ct)
    {
        var result = await command.RunAsync(tenantId, request.Email, request.Role, ct);
        if (result.Value is not { } invitation) return Refusal(tenantId, result);
        var link = invitation.LinkFrom($"{http.Scheme}://{http.Host}{http.PathBase}/");
        return TypedResults.Created(link, new InvitationResponse(invitation.Email, link));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> Suspend(Guid tenantId, SuspendTenantCommand command, CancellationToken ct) =>
        Answer(tenantId, await command.RunAsync(tenantId, ct));

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> Resume(Guid tenantId, ResumeTenantCommand command, CancellationToken ct) =>
        Answer(tenantId, await command.RunAsync(tenantId, ct));

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> SetQuota(Guid tenantId, SetQuotaRequest request, SetTenantQuotaCommand command, CancellationToken ct) =>
        Answer(tenantId, await command.RunAsync(tenantId, request.InstanceQuota, ct));

    private static Results<Ok<TenantResponse>, ProblemHttpResult> Answer(Guid tenantId, CommandResult<Tenant> result) =>
        result.Value is { } tenant ? TypedResults.Ok(ResponseOf(tenant)) : Refusal(tenantId, result);

    /// <summary>A command's refusal as the API says it: 404 for no tenant, 409 for a clash, 400 with the errors by field.</summary>
    private static ProblemHttpResult Refusal<T>(Guid tenantId, CommandResult<T> result) where T : class => result.Status switch
    {
        CommandStatus.TenantNotFound => TenantNotFound(tenantId),
        CommandStatus.Conflict => ApiProblems.Conflict("Already exists", string.Join(" ", result.Errors.Values.SelectMany(e => e).Select(e => e.Text))),
        _ => ApiProblems.Invalid(result.Errors.ToDictionary(e => e.Key, e => e.Value.Select(s => s.Text).ToArray())),
    };

    private static async Task<Results<Ok<ApiKeyResponse[]>, ProblemHttpResult>> ListApiKeys(Guid tenantId, ApiKeyQueries queries, CancellationToken ct)
    {
        if (await queries.ListAsync(tenantId, ct) is not { } keys) return TenantNotFound(tenantId);
        return TypedResults.Ok(keys.OrderBy(k => k.CreatedAt).Select(k => new ApiKeyResponse(
            k.Id, k.Name, k.Prefix, WhatsPortalClaims.ScopeNamesOf(k.Scopes), k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToArray());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKey(Guid tenantId, Guid keyId, RevokeApiKeyCommand command, CancellationToken ct) =>
        (await command.RunAsync(tenantId, keyId, ct)).Status == CommandStatus.Done
            ? TypedResults.NoContent()
            : ApiProblems.NotFound("API key not found", $"Tenant {tenantId} has no API key {keyId}.");

    private static ProblemHttpResult TenantNotFound(Guid tenantId) => ApiProblems.NotFound("Tenant not found", $"There is no tenant {tenantId}.");

    private static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateApiKey(
        Guid tenantId, CreateApiKeyRequest request, IssueApiKeyCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(tenantId, request.Name, request.Scopes, ct);
        if (result.Value is not { } issued) return Refusal(tenantId, result);
        return TypedResults.Created($"/api/v1/admin/tenants/{tenantId}/api-keys/{issued.Id}",
            new CreatedApiKeyResponse(issued.Id, issued.Name, issued.Prefix, WhatsPortalClaims.ScopeNamesOf(issued.Scopes), issued.Key));
    }

    // The policy lets only the operator in, so the query always answers.
    private static async Task<Ok<NodeResponse[]>> ListNodes(NodeQueries queries, CancellationToken ct) =>
        TypedResults.Ok((await queries.ListAsync(ct) ?? []).Select(NodeResponse.From).ToArray());

    private static async Task<Results<Ok<NodeResponse>, ProblemHttpResult>> Drain(string name, bool drain, DrainNodeCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(name, drain, ct);
        return result.Value is { } node
            ? TypedResults.Ok(NodeResponse.From(node))
            : ApiProblems.Refusal(result, "Cannot drain the node", () => ApiProblems.NotFound("Node not found", $"There is no node '{name}'."));
    }
}
