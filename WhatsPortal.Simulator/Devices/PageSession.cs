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
        "listChats" => args.TryGetProperty("onlyGroups", out var groups) && groups.ValueKind == JsonValueKind.True
            ? Array.Empty<object>()
            : network.ChatsOf(Device().Account.Number, Int(args, "count")),
        // A serialized MsgKey (fromMe_remote_id) names the message; its bytes travel as base64 and become a Blob in the page.
        "downloadMedia" => network.Media(Device().Account.Number, Required(args, "id").Split('_')[^1]) is { } media
            ? new { mimetype = media.Mimetype, data = Convert.ToBase64String(media.Bytes) }
            : throw new NetworkException(NetworkErrorKind.NotFound, "media not found"),
        "getMessages" => network.MessagesOf(Device().Account.Number, Required(args, "chatId"), Int(args, "count") ?? 20,
            Text(args, "direction") == "after", Text(args, "id")),
        _ => throw new NetworkException(NetworkErrorKind.Invalid, $"unknown operation {op}"),
    };

    /// <summary>Answers the page before routing, so its send promise resolves before the first ack change arrives.</summary>
    private void Send(int id, JsonElement args, MediaContent? media)
    {
        var sender = Device();
        var text = media is null ? Required(args, "text") : Text(args, "caption") ?? "";
        var message = network.Accept(sender.Account.Number, Required(args, "chatId"), text, media);
        var key = $"true_{message.ToWid}_{message.Id}";
        Reply(id, new
        {
            id = key,
            ack = message.Ack,
            from = message.FromWid,
            to = message.ToWid,
            sendMsgResult = new { messageSendResult = "OK" },
        });
        network.Deliver(message);
    }

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
        return new MediaContent(type, mimetype, Text(args, "filename"), bytes);
    }

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
