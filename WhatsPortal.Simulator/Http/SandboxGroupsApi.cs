using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WhatsPortal.Simulator.Network;

namespace WhatsPortal.Simulator.Http;

/// <param name="Participants">Numbers (or ids) to add; those not on WhatsApp come back with code 404, as WhatsApp answers.</param>
public sealed record PhoneGroupRequest(string? Subject, IReadOnlyList<string>? Participants);

public sealed record GroupParticipantsRequest(IReadOnlyList<string>? Participants);

public sealed record GroupPropertyRequest(string? Value);

/// <summary>
/// What a person does with groups on their sandbox phone, under the same rules as a linked page (only admins change a
/// group: 403). Sending to a group is <c>POST /phones/{number}/messages</c> with the group's id as <c>to</c>.
/// </summary>
internal static class SandboxGroupsApi
{
    public static void Map(RouteGroupBuilder phones, string prefix)
    {
        phones.MapGet("/{number}/groups", (string number, WhatsAppNetwork network) =>
            SandboxControlApi.Guard(() => TypedResults.Ok(network.GroupViewsOf(number))));
        phones.MapPost("/{number}/groups", (string number, HttpRequest http, WhatsAppNetwork network) => SandboxControlApi.Guard(async () =>
        {
            var request = await SandboxControlApi.Body<PhoneGroupRequest>(http);
            var created = network.CreateGroup(number, request.Subject ?? "", request.Participants ?? []);
            return TypedResults.Created($"{prefix}/phones/{number}/groups", created);
        })).Accepts<PhoneGroupRequest>("application/json");
        phones.MapPost("/{number}/groups/{groupId}/participants/{operation}", (string number, string groupId, string operation, HttpRequest http, WhatsAppNetwork network) =>
            SandboxControlApi.Guard(async () =>
            {
                var participants = (await SandboxControlApi.Body<GroupParticipantsRequest>(http)).Participants ?? [];
                if (operation == "add") return TypedResults.Ok(network.AddParticipants(number, groupId, participants));
                if (operation is not ("remove" or "promote" or "demote"))
                    throw new NetworkException(NetworkErrorKind.Invalid, $"'{operation}' is not an operation: use add, remove, promote or demote.");
                network.ChangeParticipants(number, groupId, participants, operation);
                return TypedResults.NoContent();
            })).Accepts<GroupParticipantsRequest>("application/json");
        phones.MapPut("/{number}/groups/{groupId}/{property:regex(^(subject|description)$)}", (string number, string groupId, string property, HttpRequest http, WhatsAppNetwork network) =>
            SandboxControlApi.Guard(async () =>
            {
                network.SetGroupProperty(number, groupId, property, (await SandboxControlApi.Body<GroupPropertyRequest>(http)).Value ?? "");
                return TypedResults.NoContent();
            })).Accepts<GroupPropertyRequest>("application/json");
        phones.MapPost("/{number}/groups/{groupId}/leave", (string number, string groupId, WhatsAppNetwork network) => SandboxControlApi.Guard(() =>
        {
            network.Leave(number, groupId);
            return TypedResults.NoContent();
        }));
    }
}
