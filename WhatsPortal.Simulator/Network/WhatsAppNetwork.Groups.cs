using System.Security.Cryptography;

namespace WhatsPortal.Simulator.Network;

/// <summary>
/// Groups as WhatsApp has them: whoever creates one is its super admin; only admins add, remove, promote and demote
/// participants, change the subject and description, and read or reset the invite link (a non-admin gets wa-js's
/// <c>group_you_are_not_admin</c>); a message to the group reaches every participant, its author beside it; each change
/// of participants reaches every participant's devices as <c>group.participant_changed</c>, and a new subject or
/// description as a <c>gp2</c> notification message.
/// </summary>
public sealed partial class WhatsAppNetwork
{
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

    /// <summary>The add result code WhatsApp gives a number it cannot add because it is not on WhatsApp.</summary>
    public const int NotOnWhatsApp = 404;

    /// <summary>WPP.group.create: the new group's wid and, per number asked for, whether it was added (code 200) or why not.</summary>
    public object CreateGroup(string creatorNumber, string subject, IReadOnlyList<string> participantIds)
    {
        if (string.IsNullOrWhiteSpace(subject))
            throw new NetworkException(NetworkErrorKind.Invalid, "A group needs a subject.");
        return Change(() =>
        {
            var creator = Get(creatorNumber);
            var group = new Group(NewGroupId(), creator.Number, _time.GetUtcNow()) { Subject = subject.Trim(), InviteCode = NewInviteCode() };
            group.Participants.Add((creator.Number, true));
            _groups.Add(group.Wid, group);
            var results = AddAll(group, participantIds);
            var added = group.Participants.Skip(1).Select(p => p.Number).ToList();
            // Everyone in it, the creator's other devices included, learns of the group and who is in it.
            ParticipantsChanged(group, creator, "add", group.Participants.Select(p => p.Number).ToList());
            LogGroupCreated(group.Wid, creator.Number, added.Count);
            return new { gid = group.Wid, participants = results };
        });
    }

    /// <summary>WPP.group.getAllGroups: the groups the account is in, as chats.</summary>
    public IReadOnlyList<object> GroupsOf(string number)
    {
        lock (_gate)
        {
            var account = Get(number);
            return _groups.Values.Where(g => g.Has(account.Number)).OrderBy(g => g.CreatedAt).Select(g => GroupChat(account, g)).ToList();
        }
    }

    /// <summary>WPP.group.getParticipants: who is in the group and who is admin, each by the id the viewer knows them by.</summary>
    public IReadOnlyList<object> ParticipantsOf(string viewerNumber, string groupId)
    {
        lock (_gate)
        {
            var viewer = Get(viewerNumber);
            var group = GroupSeenBy(viewer, groupId);
            return group.Participants.Select(p => (object)new
            {
                id = WidSeenBy(viewer, _accounts[p.Number]),
                isAdmin = p.Admin,
                isSuperAdmin = p.Number == group.Creator,
            }).ToList();
        }
    }

    /// <summary>WPP.group.addParticipants: per number, 200 when added, 409 when already in, 404 when not on WhatsApp.</summary>
    public object AddParticipants(string adminNumber, string groupId, IReadOnlyList<string> participantIds) => Change(() =>
    {
        var (admin, group) = AsAdmin(adminNumber, groupId);
        var before = group.Participants.Count;
        var results = AddAll(group, participantIds);
        var added = group.Participants.Skip(before).Select(p => p.Number).ToList();
        if (added.Count > 0) ParticipantsChanged(group, admin, "add", added);
        return results;
    });

    /// <summary>WPP.group.removeParticipants, promoteParticipants and demoteParticipants; <paramref name="operation"/> is remove, promote or demote.</summary>
    public void ChangeParticipants(string adminNumber, string groupId, IReadOnlyList<string> participantIds, string operation) => Change(() =>
    {
        var (admin, group) = AsAdmin(adminNumber, groupId);
        var numbers = participantIds.Select(id => MemberNumber(group, id)).Distinct().ToList();
        // Everyone concerned hears of it, the removed included (their phone shows "X removed you").
        var told = group.Participants.Select(p => p.Number).ToList();
        foreach (var number in numbers)
        {
            switch (operation)
            {
                case "remove": group.Participants.RemoveAll(p => p.Number == number); break;
                case "promote": group.SetAdmin(number, true); break;
                case "demote": group.SetAdmin(number, false); break;
                default: throw new NetworkException(NetworkErrorKind.Invalid, $"unknown operation {operation}");
            }
        }
        ParticipantsChanged(group, admin, operation, numbers, told);
    });

    /// <summary>WPP.group.leave: the account leaves; a group left without an admin gets its oldest participant as admin, as WhatsApp does.</summary>
    public void Leave(string number, string groupId) => Change(() =>
    {
        var account = Get(number);
        var group = GroupSeenBy(account, groupId);
        var told = group.Participants.Select(p => p.Number).ToList();
        group.Participants.RemoveAll(p => p.Number == account.Number);
        if (group.Participants.Count > 0 && !group.Participants.Exists(p => p.Admin)) group.SetAdmin(group.Participants[0].Number, true);
        ParticipantsChanged(group, account, "leave", [account.Number], told);
    });

    /// <summary>WPP.group.setSubject and setDescription: every participant's devices get the <c>gp2</c> notification.</summary>
    public void SetGroupProperty(string adminNumber, string groupId, string property, string value) => Change(() =>
    {
        var (admin, group) = AsAdmin(adminNumber, groupId);
        if (property == "subject")
        {
            if (string.IsNullOrWhiteSpace(value)) throw new NetworkException(NetworkErrorKind.Invalid, "A group needs a subject.");
            group.Subject = value.Trim();
        }
        else group.Description = value;
        var notification = new
        {
            id = NewMessageId(),
            author = admin.Wid,
            subtype = property,
            body = property == "subject" ? group.Subject : group.Description,
            t = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        foreach (var member in group.Participants.Select(p => _accounts[p.Number]))
        foreach (var device in member.Devices)
            Push(device, PagePayloads.GroupNotification(group.Wid, notification.id, member == admin, WidSeenBy(member, admin),
                WidSeenBy(member, member), notification.subtype, notification.body, notification.t));
    });

    /// <summary>WPP.group.getInviteCode, or revokeInviteCode with <paramref name="revoke"/>: the code of the group's invite link.</summary>
    public string InviteCode(string adminNumber, string groupId, bool revoke) => Change(() =>
    {
        var (_, group) = AsAdmin(adminNumber, groupId);
        if (revoke) group.InviteCode = NewInviteCode();
        return group.InviteCode;
    });

    /// <summary>Group views for the control API and the phone page.</summary>
    public IReadOnlyList<GroupView> GroupViewsOf(string number)
    {
        lock (_gate)
        {
            var account = Get(number);
            return _groups.Values.Where(g => g.Has(account.Number)).OrderBy(g => g.CreatedAt).Select(GroupView.Of).ToList();
        }
    }

    /// <summary>A message to a group the sender is in: it goes into every participant's history, its author beside it.</summary>
    private ChatMessage AcceptInGroup(Account sender, Group group, string text, MediaContent? media, SharedContent? content, string? quotedId, IReadOnlyList<string> mentions)
    {
        var quoted = quotedId is null ? null : MessageOfChat(sender, group.Wid, quotedId);
        var message = Compose(sender, group.Wid, group.Wid, text, media, content, quoted, mentions,
            recipients: group.Participants.Select(p => p.Number).Where(n => n != sender.Number).ToList());
        Add(message);
        foreach (var device in sender.Devices)
            Push(device, PagePayloads.NewMessage(message, sender.Number, sender.Name, quoted));
        LogMessageAccepted(message.Id, message.From, message.To, message.Type);
        return message;
    }

    /// <summary>Routes a group message to every recipient's devices; delivered (two ticks) once every recipient is reachable, as WhatsApp counts it.</summary>
    private void DeliverInGroup(ChatMessage message, Account sender)
    {
        var recipients = message.Recipients.Select(n => _accounts[n]).ToList();
        foreach (var recipient in recipients)
        foreach (var device in recipient.Devices)
            Push(device, PagePayloads.NewMessage(message, recipient.Number, sender.Name, QuotedOf(message)));
        if (recipients.TrueForAll(r => r.IsReachable) && message.Ack < Ack.Delivered)
            ChangeAck(Ack.Delivered, sender, message.To, [message]);
    }

    /// <summary>Who a message went to: its recipients in a group, else the one it was sent to.</summary>
    private IEnumerable<Account> PartiesOf(ChatMessage message) =>
        message.ToGroup ? message.Recipients.Select(n => _accounts[n]) : [_accounts[message.To]];

    private Dictionary<string, object> AddAll(Group group, IReadOnlyList<string> participantIds)
    {
        var results = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var id in participantIds)
        {
            var account = Resolve(id);
            var key = account?.Wid ?? (PhoneNumbers.FromId(id) is { } digits ? PhoneNumbers.ToWid(digits) : id);
            var code = account is null ? NotOnWhatsApp : group.Has(account.Number) ? 409 : 200;
            if (code == 200) group.Participants.Add((account!.Number, false));
            results[key] = new { wid = key, code, invite_code = (string?)null, invite_code_exp = (long?)null };
        }
        return results;
    }

    /// <summary>
    /// Tells every device of <paramref name="told"/> (by default the participants now) what changed, as wa-js raises
    /// <c>group.participant_changed</c>: the group, the action, the participants concerned and who did it.
    /// </summary>
    private void ParticipantsChanged(Group group, Account author, string operation, IReadOnlyList<string> numbers, IReadOnlyList<string>? told = null)
    {
        foreach (var member in (told ?? group.Participants.Select(p => p.Number).ToList()).Select(n => _accounts[n]))
        foreach (var device in member.Devices)
            Push(device, new
            {
                type = "group_participants",
                groupId = group.Wid,
                author = WidSeenBy(member, author),
                authorPushName = author.Name,
                action = operation,
                operation = operation == "leave" ? "remove" : operation,
                participants = numbers.Select(n => WidSeenBy(member, _accounts[n])).ToArray(),
            });
    }

    private (Account Admin, Group Group) AsAdmin(string number, string groupId)
    {
        var account = Get(number);
        var group = GroupSeenBy(account, groupId);
        if (!group.IsAdmin(account.Number))
            throw new NetworkException(NetworkErrorKind.Forbidden, $"You are not admin in {group.Wid}", "group_you_are_not_admin");
        return (account, group);
    }

    /// <summary>A group the account is in; any other id is not a chat it has, as wa-js says.</summary>
    private Group GroupSeenBy(Account account, string groupId) =>
        _groups.GetValueOrDefault(groupId.Trim()) is { } group && group.Has(account.Number)
            ? group
            : throw new NetworkException(NetworkErrorKind.NotFound, $"Chat not found for {groupId}", "chat_not_found");

    private string MemberNumber(Group group, string id) =>
        Resolve(id) is { } account && group.Has(account.Number)
            ? account.Number
            : throw new NetworkException(NetworkErrorKind.NotFound, $"Group {group.Wid}: Participant '{id}' not found", "group_participant_not_found");

    /// <summary>An account's id as <paramref name="viewer"/> knows it: its LID while its number stays hidden from the viewer.</summary>
    private static string WidSeenBy(Account viewer, Account account) => account.RevealsNumberTo(viewer) ? account.Wid : account.LidWid;

    private object GroupChat(Account viewer, Group group)
    {
        var messages = viewer.Messages.Where(m => m.To == group.Wid).ToList();
        return new
        {
            id = group.Wid,
            name = group.Subject,
            formattedTitle = group.Subject,
            unreadCount = messages.Count(m => !m.IsFrom(viewer.Number) && m.Ack < Ack.Read),
            t = (messages.Count > 0 ? messages.Max(m => m.Timestamp) : group.CreatedAt).ToUnixTimeSeconds(),
            isGroup = true,
            groupMetadata = new
            {
                id = group.Wid,
                subject = group.Subject,
                desc = group.Description,
                owner = PhoneNumbers.ToWid(group.Creator),
                creation = group.CreatedAt.ToUnixTimeSeconds(),
            },
        };
    }

    /// <summary>Group ids look like WhatsApp's: 120363 and twelve more digits.</summary>
    private string NewGroupId()
    {
        while (true)
        {
            var id = "120363" + RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000) + RandomNumberGenerator.GetInt32(100, 1000);
            if (!_groups.ContainsKey(PhoneNumbers.ToGroupWid(id))) return id;
        }
    }

    private static string NewInviteCode() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', 'A').Replace('/', 'B')[..22];

    [Microsoft.Extensions.Logging.LoggerMessage(Microsoft.Extensions.Logging.LogLevel.Information, "Sandbox group {Group} created by {Creator} with {Count} other participant(s)")]
    private partial void LogGroupCreated(string group, string creator, int count);
}

/// <summary>A group as the control API and the phone page show it.</summary>
public sealed record GroupView(string Id, string Subject, string Description, string InviteCode, IReadOnlyList<GroupParticipantView> Participants)
{
    internal static GroupView Of(Group g) => new(g.Wid, g.Subject, g.Description, g.InviteCode,
        g.Participants.Select(p => new GroupParticipantView(p.Number, p.Admin, p.Number == g.Creator)).ToList());
}

public sealed record GroupParticipantView(string Number, bool Admin, bool SuperAdmin);
