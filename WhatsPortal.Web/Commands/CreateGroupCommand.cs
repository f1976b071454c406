using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Engine.Groups;

namespace WhatsPortal.Web.Commands;

/// <param name="Number">The number as it was given.</param>
/// <param name="WhatsAppId">The id it was asked to be added by.</param>
/// <param name="Added">Whether it is in the group now because of this request.</param>
/// <param name="Code">WhatsApp's code for it: 200 added, 409 already in, 403 restricted by their privacy, 404 not on WhatsApp.</param>
/// <param name="Reason">Why it was not added, in words; null when added.</param>
public sealed record GroupAddOutcome(string Number, string WhatsAppId, bool Added, int Code, string? Reason)
{
    /// <summary>WhatsApp's results matched back to the numbers as given (WhatsApp may answer by another spelling of the id, e.g. without the ninth digit).</summary>
    internal static IReadOnlyList<GroupAddOutcome> Of(IReadOnlyList<string?> numbers, string[] ids, IReadOnlyList<GroupAddResult> results) =>
        ids.Select((id, i) =>
        {
            var result = results.FirstOrDefault(r => r.Id == id) ?? (results.Count == ids.Length ? results[i] : null);
            var code = result?.Code ?? 0;
            return new GroupAddOutcome(numbers[i]!, id, code == 200, code, code switch
            {
                200 => null,
                404 => "Not on WhatsApp.",
                409 => "Already a participant.",
                403 => "Their privacy settings do not let this number add them; WhatsApp offers them an invite instead.",
                _ => result?.Message ?? "WhatsApp gave no answer for this number.",
            });
        }).ToList();
}

public sealed record CreatedGroup(string Id, string Subject, IReadOnlyList<GroupAddOutcome> Participants);

/// <summary>
/// Creates a group with a subject and participants through a connected instance, whose number becomes its super admin;
/// numbers WhatsApp cannot add are answered one by one, as WhatsApp answers them, and do not stop the group.
/// </summary>
public sealed class CreateGroupCommand(WhatsPortalDbContext db, IWhatsAppGroups groups)
{
    public const string SubjectField = "subject";

    /// <summary>WhatsApp's own limit for a group's subject.</summary>
    public const int SubjectMaxLength = 100;

    public const int MaxParticipants = 50;

    public async Task<CommandResult<CreatedGroup>> RunAsync(Guid instanceId, string? subject, IReadOnlyList<string?>? numbers, CancellationToken ct)
    {
        var trimmed = subject?.Trim() ?? "";
        if (trimmed.Length is 0 or > SubjectMaxLength)
            return CommandResult<CreatedGroup>.Invalid(SubjectField, new Sentence("A group's subject has 1 to {0} characters.", SubjectMaxLength));
        if (PhoneNumberList.Parse(numbers, MaxParticipants, out var ids) is { } errors) return CommandResult<CreatedGroup>.Invalid(errors);
        return await GroupCall.RunAsync(db, instanceId, null, async _ =>
        {
            var created = await groups.CreateAsync(instanceId, trimmed, ids, ct);
            return new CreatedGroup(created.Id, trimmed, GroupAddOutcome.Of(numbers!, ids, created.Participants));
        }, ct);
    }
}
