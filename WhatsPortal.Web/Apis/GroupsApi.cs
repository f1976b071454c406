using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using WhatsPortal.Engine.Groups;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Web.Apis;

/// <summary>
/// Groups, asked of and changed through the running instance. Changes are immediate calls answered with WhatsApp's result
/// (nothing is queued: a group change is either done or refused when the answer comes); messages to a group are sent with
/// POST /messages and the group's id as <c>to</c>, through the durable queue like any other.
/// </summary>
public static class GroupsApi
{
    public static IEndpointRouteBuilder MapGroupsApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/instances/{id:guid}/groups").WithTags("Groups").RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        // Send scope: a group change is spoken in WhatsApp under the number, as a message is.
        var write = app.MapGroup("/api/v1/instances/{id:guid}/groups").WithTags("Groups").RequireAuthorization(Policies.Send)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        read.MapGet("/", List).WithSummary("The groups the instance's number is in, with their subjects; 409 when the instance is not connected.");
        read.MapGet("/{groupId}", Get).WithSummary("A group with its description and participants: each by number (with the LID beside it when " +
            "WhatsApp knows one; number null for someone known only by LID) and whether they are admin or super admin (the creator). 404 when the number is in no group with this id.");
        read.MapGet("/{groupId}/invite", GetInvite).WithSummary("The group's invite link. Only admins may see it: 403 when the instance's number is not an admin.");
        write.MapPost("/", Create).WithSummary("Creates a group whose super admin is the instance's number. Each participant's result comes back as WhatsApp " +
            "gives it (code 200 added, 403 their privacy settings refuse, 404 not on WhatsApp); numbers not added do not stop the group.");
        write.MapPost("/{groupId}/participants/{action}", ChangeParticipants).WithSummary("Adds, removes, promotes (makes admin) or demotes participants: " +
            "action is add, remove, promote or demote. Only admins may: 403 when the instance's number is not an admin, 409 when a number given is not a " +
            "participant (remove, promote, demote). add answers per number, as creating does; the others answer 204.");
        write.MapPut("/{groupId}/subject", (Guid id, string groupId, GroupPropertyRequest request, SetGroupPropertyCommand command, CancellationToken ct) =>
                SetProperty(id, groupId, GroupProperty.Subject, request, command, ct))
            .WithSummary("Sets the group's subject (1 to 100 characters); participants see it change, and group.updated follows. 403 when not an admin.");
        write.MapPut("/{groupId}/description", (Guid id, string groupId, GroupPropertyRequest request, SetGroupPropertyCommand command, CancellationToken ct) =>
                SetProperty(id, groupId, GroupProperty.Description, request, command, ct))
            .WithSummary("Sets the group's description (up to 2048 characters; empty clears it); group.updated follows. 403 when not an admin.");
        write.MapPost("/{groupId}/invite/revoke", RevokeInvite).WithSummary("Resets the group's invite link: the old one stops working; answers the new one " +
            "and raises group.updated (invite_revoked). 403 when not an admin.");
        write.MapPost("/{groupId}/leave", Leave).WithSummary("The instance's number leaves the group (WhatsApp makes another participant admin when it was the last). 204.");
        return app;
    }

    /// <param name="Subject">1 to 100 characters.</param>
    /// <param name="Participants">Phone numbers with country code, up to 50.</param>
    public sealed record CreateGroupRequest([property: Required] string? Subject, [property: Required] string?[] Participants);

    public sealed record ParticipantsRequest([property: Required] string?[] Participants);

    public sealed record GroupPropertyRequest(string? Value);

    public sealed record CreatedGroupResponse(string Id, string Subject, IReadOnlyList<GroupAddOutcome> Participants);

    private static async Task<Results<Ok<IReadOnlyList<GroupSummary>>, ProblemHttpResult>> List(Guid id, GroupQueries queries, CancellationToken ct)
    {
        var result = await queries.ListAsync(id, ct);
        return result.Status == CommandStatus.Done ? TypedResults.Ok(result.Value!) : Refusal(id, result);
    }

    private static async Task<Results<Ok<GroupDetails>, ProblemHttpResult>> Get(Guid id, string groupId, GroupQueries queries, CancellationToken ct)
    {
        var result = await queries.GetAsync(id, groupId, ct);
        return result.Status == CommandStatus.Done ? TypedResults.Ok(result.Value!) : Refusal(id, result);
    }

    private static async Task<Results<Ok<GroupInviteLink>, ProblemHttpResult>> GetInvite(Guid id, string groupId, GroupQueries queries, CancellationToken ct)
    {
        var result = await queries.InviteLinkAsync(id, groupId, ct);
        return result.Status == CommandStatus.Done ? TypedResults.Ok(result.Value!) : Refusal(id, result);
    }

    private static async Task<Results<Created<CreatedGroupResponse>, ProblemHttpResult>> Create(Guid id, CreateGroupRequest request, CreateGroupCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(id, request.Subject, request.Participants, ct);
        return result.Status == CommandStatus.Done
            ? TypedResults.Created($"/api/v1/instances/{id}/groups/{result.Value!.Id}", new CreatedGroupResponse(result.Value.Id, result.Value.Subject, result.Value.Participants))
            : Refusal(id, result);
    }

    private static async Task<Results<Ok<IReadOnlyList<GroupAddOutcome>>, NoContent, ProblemHttpResult>> ChangeParticipants(
        Guid id, string groupId, string action, ParticipantsRequest request, ChangeGroupParticipantsCommand command, CancellationToken ct)
    {
        if (!Enum.TryParse<GroupParticipantAction>(action, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(action, out _))
            return ApiProblems.Invalid(new Dictionary<string, string[]> { ["action"] = [$"'{action}' is not an action: use add, remove, promote or demote."] });
        var result = await command.RunAsync(id, groupId, parsed, request.Participants, ct);
        if (result.Status != CommandStatus.Done) return Refusal(id, result);
        return parsed == GroupParticipantAction.Add ? TypedResults.Ok(result.Value!) : TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetProperty(
        Guid id, string groupId, GroupProperty property, GroupPropertyRequest request, SetGroupPropertyCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(id, groupId, property, request.Value, ct);
        return result.Status == CommandStatus.Done ? TypedResults.NoContent() : Refusal(id, result);
    }

    private static async Task<Results<Ok<GroupInviteLink>, ProblemHttpResult>> RevokeInvite(Guid id, string groupId, RevokeGroupInviteCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(id, groupId, ct);
        return result.Status == CommandStatus.Done ? TypedResults.Ok(result.Value!) : Refusal(id, result);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Leave(Guid id, string groupId, LeaveGroupCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(id, groupId, ct);
        return result.Status == CommandStatus.Done ? TypedResults.NoContent() : Refusal(id, result);
    }

    private static ProblemHttpResult Refusal<T>(Guid id, CommandResult<T> result) where T : class =>
        ApiProblems.Refusal(result, "Not possible now", () => InstancesApi.NotFound(id));
}
