using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Groups;

namespace WhatsPortal.Web.Commands;

public sealed record GroupPropertySet(string GroupId, GroupProperty Property, string Value);

/// <summary>Sets a group's subject (1 to 100 characters) or description (up to 2048, empty clears it), as only its admins can.</summary>
public sealed class SetGroupPropertyCommand(WhatsPortalDbContext db, IWhatsAppGroups groups)
{
    public const string ValueField = "value";

    /// <summary>WhatsApp's own limit for a group's description.</summary>
    public const int DescriptionMaxLength = 2048;

    public async Task<CommandResult<GroupPropertySet>> RunAsync(Guid instanceId, string? groupId, GroupProperty property, string? value, CancellationToken ct)
    {
        var text = property == GroupProperty.Subject ? value?.Trim() ?? "" : value ?? "";
        if (property == GroupProperty.Subject && text.Length is 0 or > CreateGroupCommand.SubjectMaxLength)
            return CommandResult<GroupPropertySet>.Invalid(ValueField, new Sentence("A group's subject has 1 to {0} characters.", CreateGroupCommand.SubjectMaxLength));
        if (text.Length > DescriptionMaxLength)
            return CommandResult<GroupPropertySet>.Invalid(ValueField, new Sentence("A group's description has at most {0} characters.", DescriptionMaxLength));
        return await GroupCall.RunAsync(db, instanceId, groupId ?? "", async group =>
        {
            await groups.SetPropertyAsync(instanceId, group, property, text, ct);
            return new GroupPropertySet(group, property, text);
        }, ct);
    }
}
