using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using WhatsPortal.Simulator.Linking;
using WhatsPortal.Simulator.Network;

namespace WhatsPortal.Simulator.Devices;

/// <summary>
/// The server side of one page's socket. The page says hello with its stored credentials (or none); it then
/// is either a linked device or a QR session waiting to be linked, and its WPP calls arrive as requests
/// <c>{ type: 'req', id, op, args }</c> answered with <c>{ type: 'res', id, ok, result | error }</c>.
/// </summary>
internal sealed partial class PageSession(DeviceConnection connection, WhatsAppNetwork network, DeviceLinking linking, ILogger logger)
{
    private volatile LinkedDevice? _device;
    private QrSession? _qr;

    public void Closed()
    {
        if (_qr is not null) linking.End(_qr);
        if (_device is { } device) network.Disconnect(device, connection);
    }

    public void OnMessage(JsonElement message)
    {
        switch (Text(message, "type"))
        {
            case "hello":
                Hello(message.TryGetProperty("credentials", out var credentials) ? Text(credentials, "token") : null);
                break;
            case "req":
                Request(message.GetProperty("id").GetInt32(), Text(message, "op") ?? "",
                    message.TryGetProperty("args", out var args) ? args : default);
                break;
        }
    }

    private void Hello(string? token)
    {
        if (_device is not null || _qr is not null) return;
        if (token is null)
        {
            _qr = linking.Start(connection, device => _device = device);
            return;
        }
        _device = network.Reconnect(token, connection);
        if (_device is not null) return;
        LogRejectedCredentials();
        connection.Send(new { type = "logout", reason = WhatsAppNetwork.RemoteLogoutReason });
        connection.Close(WebSocketCloseStatus.NormalClosure, "unknown companion");
    }

    private void Request(int id, string op, JsonElement args)
    {
        try
        {
            switch (op)
            {
                case "sendText":
                    Send(id, args, media: null);
                    return;
                case "sendFile":
                    Send(id, args, MediaFromDataUrl(args));
                    return;
                case "sendLocation":
                    Send(id, args, media: null, SharedContent.Place(Number(args, "lat"), Number(args, "lng"), Text(args, "name"), Text(args, "address")));
                    return;
                case "sendVCard":
                    Send(id, args, media: null, SharedContent.Contacts(Contacts(args)));
                    return;
                case "sendPoll":
                    Send(id, args, media: null, SharedContent.Poll(Required(args, "name"), Strings(args, "choices"), Int(args, "selectableCount") ?? 0));
                    return;
                case "logout":
                    var device = Device();
                    Reply(id, true);
                    network.Logout(device);
                    return;
                default:
                    Reply(id, Answer(op, args));
                    return;
            }
        }
        catch (NetworkException e)
        {
            connection.Send(new { type = "res", id, ok = false, error = e.Message, code = e.Code });
        }
    }

    private object? Answer(string op, JsonElement args) => op switch
    {
        "pairingCode" => linking.RequestPairingCode(
            _qr is not null && _device is null ? _qr : throw new NetworkException(NetworkErrorKind.Conflict, "this page is already logged in"),
            Text(args, "phone") ?? ""),
        "queryExists" => network.AnswerExistenceQuery(Device().Account.Number, Required(args, "id")) is { } wid ? new { wid, biz = false } : null,
        "subscribePresence" => network.SubscribePresence(Device(),
            args.TryGetProperty("ids", out var ids) && ids.ValueKind == JsonValueKind.Array
                ? ids.EnumerateArray().Select(i => i.GetString() ?? "").ToList()
                : throw new NetworkException(NetworkErrorKind.Invalid, "ids is required")),
        "blockContact" => network.SetBlocked(Device(), Required(args, "chatId"), blocked: true),
        "unblockContact" => network.SetBlocked(Device(), Required(args, "chatId"), blocked: false),
        "profilePicturePath" => network.PicturePath(Device(), Required(args, "id")),
        "chatState" => ShowChatState(Required(args, "chatId"), Required(args, "state")),
        "createGroup" => network.CreateGroup(Device().Account.Number, Required(args, "subject"), Ids(args, "participants")),
        "listGroups" => network.GroupsOf(Device().Account.Number),
        "groupParticipants" => network.ParticipantsOf(Device().Account.Number, Required(args, "groupId")),
        "addParticipants" => network.AddParticipants(Device().Account.Number, Required(args, "groupId"), Ids(args, "participants")),
        "removeParticipants" or "promoteParticipants" or "demoteParticipants" => ChangeParticipants(op[..^"Participants".Length], args),
        "setGroupProperty" => SetGroupProperty(args),
        "inviteCode" => network.InviteCode(Device().Account.Number, Required(args, "groupId"),
            args.TryGetProperty("revoke", out var revoke) && revoke.ValueKind == JsonValueKind.True),
        "leaveGroup" => LeaveGroup(Required(args, "groupId")),
        "pnLidEntry" => network.PnLidEntry(Device().Account.Number, Required(args, "id")),
        "markIsRead" => network.MarkChatRead(Device().Account.Number, Required(args, "chatId")) is var (chat, unread)
            ? new { wid = chat, unreadCount = unread } : null,
        "markIsUnread" => network.MarkChatUnread(Device(), Required(args, "chatId")),
        "archive" => network.SetArchived(Device(), Required(args, "chatId"), archive: true),
        "unarchive" => network.SetArchived(Device(), Required(args, "chatId"), archive: false),
        "listChats" => args.TryGetProperty("onlyGroups", out var groups) && groups.ValueKind == JsonValueKind.True
            ? Array.Empty<object>()
            : network.ChatsOf(Device().Account.Number, Int(args, "count"),
                args.TryGetProperty("onlyArchived", out var archived) && archived.ValueKind == JsonValueKind.True),
        // A serialized MsgKey (fromMe_remote_id) names the message; its bytes travel as base64 and become a Blob in the page.
        "downloadMedia" => network.Media(Device().Account.Number, Required(args, "id").Split('_')[^1]) is { } media
            ? new { mimetype = media.Mimetype, data = Convert.ToBase64String(media.Bytes) }
            : throw new NetworkException(NetworkErrorKind.NotFound, "media not found"),
        "react" => React(Required(args, "id"), Text(args, "reaction") ?? ""),
        "edit" => Edit(Required(args, "id"), Required(args, "text")),
        "revoke" => Revoke(Required(args, "chatId"), Required(args, "id")),
        "getMessages" => network.MessagesOf(Device().Account.Number, Required(args, "chatId"), Int(args, "count") ?? 20,
            Text(args, "direction") == "after", Text(args, "id")),
        _ => throw new NetworkException(NetworkErrorKind.Invalid, $"unknown operation {op}"),
    };

    /// <summary>Answers the page before routing, so its send promise resolves before the first ack change arrives.</summary>
    private void Send(int id, JsonElement args, MediaContent? media, SharedContent? content = null)
    {
        var sender = Device();
        var text = content is not null ? "" : media is null ? Required(args, "text") : Text(args, "caption") ?? "";
        var message = network.Accept(sender.Account.Number, Required(args, "chatId"), text, media, content, Text(args, "quotedMsg"),
            args.TryGetProperty("mentionedList", out var mentioned) ? [.. mentioned.EnumerateArray().Select(m => m.GetString() ?? "")] : null);
        Reply(id, SendResult(message.Id, message.ToWid, message.FromWid, message.Ack));
        network.Deliver(message);
    }

    private object React(string messageId, string reaction)
    {
        network.React(Device().Account.Number, messageId, reaction);
        return new { sendMsgResult = "OK" };
    }

    private object Edit(string messageId, string text)
    {
        var edited = network.Edit(Device().Account.Number, messageId, text);
        return SendResult(edited.Id, PhoneNumbers.ToWid(edited.To), PhoneNumbers.ToWid(edited.From), edited.Ack);
    }

    /// <summary>wa-js's DeleteMessageReturn for a message deleted for everyone.</summary>
    private object Revoke(string chatId, string messageId)
    {
        var revoked = network.Revoke(Device().Account.Number, messageId.Split('_')[^1]);
        return new { id = $"true_{chatId}_{revoked.Id}", sendMsgResult = "OK", isRevoked = true, isDeleted = false, isSentByMe = true };
    }

    /// <summary>What <c>sendTextMessage</c> and <c>editMessage</c> resolve with (wa-js's SendMessageReturn).</summary>
    private static object SendResult(string messageId, string toWid, string fromWid, int ack) => new
    {
        id = $"true_{toWid}_{messageId}",
        ack,
        from = fromWid,
        to = toWid,
        sendMsgResult = new { messageSendResult = "OK" },
    };

    private bool ChangeParticipants(string operation, JsonElement args)
    {
        network.ChangeParticipants(Device().Account.Number, Required(args, "groupId"), Ids(args, "participants"), operation);
        return true;
    }

    private bool SetGroupProperty(JsonElement args)
    {
        network.SetGroupProperty(Device().Account.Number, Required(args, "groupId"), Required(args, "property"), Text(args, "value") ?? "");
        return true;
    }

    private bool LeaveGroup(string groupId)
    {
        network.Leave(Device().Account.Number, groupId);
        return true;
    }

    private static List<string> Ids(JsonElement args, string name) =>
        args.TryGetProperty(name, out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Select(i => i.GetString() ?? "").ToList()
            : throw new NetworkException(NetworkErrorKind.Invalid, $"{name} is required");

    private bool ShowChatState(string chatId, string state)
    {
        network.ShowChatState(Device().Account.Number, chatId, state);
        return true;
    }

    private static MediaContent MediaFromDataUrl(JsonElement args)
    {
        var content = Required(args, "content");
        var comma = content.IndexOf(',');
        if (!content.StartsWith("data:", StringComparison.Ordinal) || comma < 0 || !content[..comma].EndsWith(";base64", StringComparison.Ordinal))
            throw new NetworkException(NetworkErrorKind.Invalid, "content must be a data:<mimetype>;base64,... URL");
        var mimetype = Text(args, "mimetype") ?? content[5..content.IndexOf(';')];
        if (mimetype.Length == 0) mimetype = "application/octet-stream";
        byte[] bytes;
        try { bytes = Convert.FromBase64String(content[(comma + 1)..]); }
        catch (FormatException) { throw new NetworkException(NetworkErrorKind.Invalid, "content is not valid base64"); }
        var type = Text(args, "type") is { } given && MediaContent.KnownTypes.Contains(given) ? given : MediaContent.TypeFor(mimetype);
        // wa-js sends a voice note as audio with isPtt; WhatsApp shows it as a ptt.
        if (type == "audio" && args.TryGetProperty("isPtt", out var ptt) && ptt.ValueKind == JsonValueKind.True) type = "ptt";
        return new MediaContent(type, mimetype, Text(args, "filename"), bytes);
    }

    /// <summary>The contacts of WPP.chat.sendVCardContactMessage as the page passes them: <c>{ id, name }</c> each.</summary>
    private static List<(string Name, string Number)> Contacts(JsonElement args)
    {
        if (!args.TryGetProperty("contacts", out var contacts) || contacts.ValueKind != JsonValueKind.Array)
            throw new NetworkException(NetworkErrorKind.Invalid, "contacts is required");
        return contacts.EnumerateArray().Select(c =>
        {
            var number = PhoneNumbers.FromId(Required(c, "id")) ?? throw new NetworkException(NetworkErrorKind.Invalid, "a contact's id must be a phone id");
            return (Required(c, "name"), number);
        }).ToList();
    }

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : throw new NetworkException(NetworkErrorKind.Invalid, $"{name} is required");

    /// <summary>A number, or its text: wa-js's sendLocationMessage takes either.</summary>
    private static double Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
        && (value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN) is var number
        && !double.IsNaN(number)
            ? number
            : throw new NetworkException(NetworkErrorKind.Invalid, $"{name} must be a number");

    private LinkedDevice Device() => _device is { IsConnected: true } device && device.Connection == connection
        ? device
        : throw new NetworkException(NetworkErrorKind.Conflict, _device is null ? "not logged in" : "not connected");

    private void Reply(int id, object? result) => connection.Send(new ResultMessage(id, result));

    /// <summary>A reply whose result may be null (queryExists of an unknown number), which the serializer must keep.</summary>
    private sealed record ResultMessage(int Id, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] object? Result)
    {
        public string Type => "res";
        public bool Ok => true;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number)
            ? number : null;

    private static string Required(JsonElement element, string name) =>
        Text(element, name) ?? throw new NetworkException(NetworkErrorKind.Invalid, $"{name} is required");

    [LoggerMessage(LogLevel.Information, "A page came back with credentials of an unlinked device; it is logged out")]
    private partial void LogRejectedCredentials();
}
