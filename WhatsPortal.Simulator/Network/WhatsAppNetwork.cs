using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WhatsPortal.Simulator.Devices;

namespace WhatsPortal.Simulator.Network;

/// <summary>
/// The simulated WhatsApp network: accounts, their linked devices, routing, acks and offline queues, in memory and,
/// with a data directory, kept by <see cref="NetworkStore"/> after every change (see <see cref="Change{T}"/>).
/// One lock guards all of it; nothing slow happens under the lock (socket writes go through each
/// connection's outbox, files are written after it), so the coarse lock keeps the rules simple without hurting a
/// test-sized network.
/// </summary>
public sealed partial class WhatsAppNetwork
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Account> _accountsByLid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedDevice> _devicesByToken = new(StringComparer.Ordinal);

    /// <summary>Every message once, in the order the network took them (the accounts' histories share these objects).</summary>
    private readonly List<ChatMessage> _messages = [];
    private readonly IOptions<SimulatorOptions> _options;
    private readonly TimeProvider _time;
    private readonly NetworkStore _store;
    private readonly ILogger<WhatsAppNetwork> _logger;
    private int _conflicts;
    private int _existenceQueries;
    private long _version;

    public WhatsAppNetwork(IOptions<SimulatorOptions> options, TimeProvider time, NetworkStore store, ILogger<WhatsAppNetwork> logger)
    {
        _options = options;
        _time = time;
        _store = store;
        _logger = logger;
        if (store.Load() is { } kept) Restore(kept);
    }

    /// <param name="lidOnly">The phone appears to others by its LID, as more and more WhatsApp users do.</param>
    public PhoneView CreatePhone(string number, string name, bool online, bool lidOnly = false)
    {
        if (!PhoneNumbers.IsValid(number))
            throw new NetworkException(NetworkErrorKind.Invalid, $"'{number}' is not a phone number: use digits only, 8 to 15 of them, country code first (e.g. 5511988887777).");
        if (string.IsNullOrWhiteSpace(name))
            throw new NetworkException(NetworkErrorKind.Invalid, "A phone needs a display name.");
        return Change(() =>
        {
            if (_accounts.ContainsKey(number))
                throw new NetworkException(NetworkErrorKind.Conflict, $"The sandbox phone {number} already exists.");
            var account = new Account(number, name.Trim(), online, NewLid(), lidOnly);
            _accounts.Add(number, account);
            _accountsByLid.Add(account.LidWid, account);
            LogPhoneCreated(number, account.Name);
            return View(account);
        });
    }

    public IReadOnlyList<PhoneView> ListPhones()
    {
        lock (_gate) return _accounts.Values.OrderBy(a => a.Number, StringComparer.Ordinal).Select(View).ToList();
    }

    public PhoneView GetPhone(string number)
    {
        lock (_gate) return View(Get(number));
    }

    /// <summary>The wid an id is registered under (trying the Brazilian ninth-digit variant; a LID stays a LID), or null.</summary>
    public string? QueryExists(string id)
    {
        lock (_gate)
        {
            if (Resolve(id) is not { } account) return null;
            return PhoneNumbers.IsLid(id) ? account.LidWid : account.Wid;
        }
    }

    /// <summary>
    /// <c>WPP.contact.getPnLidEntry</c> as <paramref name="viewer"/>'s device answers it: the LID and the number an id
    /// stands for, each only when the viewer knows it. A phone that appears by LID reveals its number to those who
    /// wrote to it by number; any other account's both ids are known.
    /// </summary>
    public object PnLidEntry(string viewer, string id)
    {
        lock (_gate)
        {
            var asking = Get(viewer);
            if (Resolve(id) is not { } account) return new { };
            var byLid = PhoneNumbers.IsLid(id);
            var mapped = account.RevealsNumberTo(asking);
            return new
            {
                lid = byLid || mapped ? account.LidWid : null,
                phoneNumber = !byLid || mapped ? account.Wid : null,
                contact = new { pushname = account.Name },
            };
        }
    }

    /// <summary>
    /// <see cref="QueryExists"/> asked by a linked device: counted, as WhatsApp counts them against the asking number
    /// (bulk checks get numbers banned), so tests can see how many questions reached the network.
    /// </summary>
    public string? AnswerExistenceQuery(string askingNumber, string id)
    {
        lock (_gate)
        {
            Get(askingNumber);
            _existenceQueries++;
            return Resolve(id)?.Wid;
        }
    }

    /// <summary>
    /// Takes a message into the network (ack: sent) and shows it on the sender's own devices.
    /// <see cref="Deliver"/> then routes it; the split lets a page get its send result before the first ack change.
    /// </summary>
    /// <param name="content">A location, contact cards or a poll, instead of a text or media.</param>
    /// <param name="quotedId">The message this one replies to: a message of the same chat (a bare id or a serialized MsgKey).</param>
    /// <param name="mentions">The ids a text mentions.</param>
    public ChatMessage Accept(string fromNumber, string toId, string text, MediaContent? media, SharedContent? content = null, string? quotedId = null,
        IReadOnlyList<string>? mentions = null)
    {
        if (media is not null && media.Bytes.Length > _options.Value.MaxMediaBytes)
            throw new NetworkException(NetworkErrorKind.Invalid, $"Media of {media.Bytes.Length} bytes is larger than the simulator keeps ({_options.Value.MaxMediaBytes}).");
        if (media is null && content is null && string.IsNullOrEmpty(text))
            throw new NetworkException(NetworkErrorKind.Invalid, "A text message needs text.");
        return Change(() =>
        {
            var sender = Get(fromNumber);
            if (PhoneNumbers.IsGroup(toId)) return AcceptInGroup(sender, GroupSeenBy(sender, toId), text, media, content, quotedId, mentions ?? []);
            var recipient = Resolve(toId)
                ?? throw new NetworkException(NetworkErrorKind.NotFound, $"chat not found: {toId} is not a WhatsApp account in the sandbox");
            if (sender.Blocked.Contains(recipient.Number))
                throw new NetworkException(NetworkErrorKind.Conflict, $"blocked: unblock {recipient.Number} to send a message");
            var quoted = quotedId is null ? null : MessageOfChat(sender, recipient.Number, quotedId);
            var byLid = PhoneNumbers.IsLid(toId);
            // Who writes to a number knows it, whatever id that person appears by.
            if (!byLid) recipient.NumberKnownTo.Add(sender.Number);
            var message = Compose(sender, recipient.Number, byLid ? recipient.LidWid : recipient.Wid, text, media, content, quoted, mentions ?? [],
                blockedByRecipient: recipient.Blocked.Contains(sender.Number));
            Add(message);
            if (!message.BlockedByRecipient && recipient != sender) Received(recipient, sender);
            // A message ends the sender's typing, as the recipient's WhatsApp shows it.
            ShowChatState(sender, recipient, Paused);
            foreach (var device in sender.Devices)
                Push(device, PagePayloads.NewMessage(message, sender.Number, sender.Name, quoted));
            LogMessageAccepted(message.Id, message.From, message.To, message.Type);
            return message;
        });
    }

    /// <summary>A new message from <paramref name="sender"/>, to a person or (with <paramref name="recipients"/>) a group: text, media or shared content, maybe a reply.</summary>
    private ChatMessage Compose(Account sender, string to, string toWid, string text, MediaContent? media, SharedContent? content, ChatMessage? quoted,
        IReadOnlyList<string> mentions, bool blockedByRecipient = false, IReadOnlyList<string>? recipients = null) => new()
    {
        BlockedByRecipient = blockedByRecipient,
        Id = NewMessageId(),
        From = sender.Number,
        To = to,
        FromWid = sender.LidOnly ? sender.LidWid : sender.Wid,
        ToWid = toWid,
        Recipients = recipients ?? [],
        Type = content?.Type ?? media?.Type ?? "chat",
        Text = content is null ? text : "",
        Media = media,
        Content = content,
        Timestamp = _time.GetUtcNow(),
        QuotedId = quoted?.Id,
        Mentions = mentions,
    };

    /// <summary>Routes an accepted message to the recipient's devices; acks delivered when the recipient is reachable.</summary>
    public void Deliver(ChatMessage message)
    {
        Change(() =>
        {
            if (message.BlockedByRecipient) return;
            var sender = _accounts[message.From];
            if (message.ToGroup)
            {
                DeliverInGroup(message, sender);
                return;
            }
            var recipient = _accounts[message.To];
            foreach (var device in recipient.Devices)
                Push(device, PagePayloads.NewMessage(message, recipient.Number, sender.Name, QuotedOf(message)));
            if (recipient.IsReachable && message.Ack < Ack.Delivered)
                ChangeAck(Ack.Delivered, sender, recipient.Number, [message]);
        });
    }

    public IReadOnlyList<MessageView> Messages(string number)
    {
        lock (_gate)
        {
            var account = Get(number);
            return account.Messages.Select(m => MessageView.Of(m, account.Number)).ToList();
        }
    }

    public MediaContent? Media(string number, string messageId)
    {
        lock (_gate) return Get(number).Messages.FirstOrDefault(m => m.Id == messageId)?.Media;
    }

    /// <summary>The phone reads a message it received, and with it every earlier unread one of that chat (as WhatsApp does).</summary>
    public MessageView ReadMessage(string number, string messageId)
    {
        return Change(() =>
        {
            var reader = Get(number);
            var message = reader.Messages.FirstOrDefault(m => m.Id == messageId)
                ?? throw new NetworkException(NetworkErrorKind.NotFound, $"The phone {number} has no message {messageId}.");
            if (message.IsFrom(reader.Number))
                throw new NetworkException(NetworkErrorKind.Conflict, $"Message {messageId} was sent by {number}; only its recipient can read it.");
            var index = reader.Messages.IndexOf(message);
            var unread = reader.Messages.Take(index + 1)
                .Where(m => m.From == message.From && m.To == reader.Number && m.Ack < Ack.Read).ToList();
            if (unread.Count > 0) ChangeAck(Ack.Read, _accounts[message.From], reader.Number, unread);
            return MessageView.Of(message, reader.Number);
        });
    }

    /// <summary>The sender deletes a message for everyone; every device of both sides gets <c>chat.msg_revoke</c>.</summary>
    public MessageView Revoke(string number, string messageId)
    {
        return Change(() =>
        {
            var sender = Get(number);
            var message = sender.Messages.FirstOrDefault(m => m.Id == messageId)
                ?? throw new NetworkException(NetworkErrorKind.NotFound, $"The phone {number} has no message {messageId}.");
            if (!message.IsFrom(sender.Number))
                throw new NetworkException(NetworkErrorKind.Conflict, $"Message {messageId} was sent to {number}; only its sender can delete it for everyone.");
            if (!message.Revoked)
            {
                message.Revoked = true;
                var revokeId = NewMessageId();
                foreach (var account in new[] { sender }.Concat(PartiesOf(message)).Distinct())
                foreach (var device in account.Devices)
                    Push(device, PagePayloads.Revoke(message, account.Number, revokeId));
            }
            return MessageView.Of(message, sender.Number);
        });
    }

    /// <summary>A device reads a whole chat (<c>WPP.chat.markIsRead</c>); returns the chat's wid and how many messages it read.</summary>
    public (string Wid, int UnreadCount) MarkChatRead(string number, string chatId)
    {
        return Change(() =>
        {
            var reader = Get(number);
            var counterpart = ResolveChat(reader, chatId);
            var unread = reader.Messages.Where(m => m.From == counterpart && m.To == reader.Number && m.Ack < Ack.Read).ToList();
            if (unread.Count > 0) ChangeAck(Ack.Read, _accounts[counterpart], reader.Number, unread);
            if (reader.ChatMarks.TryGetValue(counterpart, out var marks)) marks.MarkedUnread = false;
            return (PhoneNumbers.IsGroup(counterpart) ? counterpart : ChatWid(chatId, counterpart), unread.Count);
        });
    }

    /// <summary>Chats of an account in wa-js's ChatModel shape, newest first; with <paramref name="onlyArchived"/>, the archived ones.</summary>
    public IReadOnlyList<object> ChatsOf(string number, int? count, bool onlyArchived)
    {
        lock (_gate)
        {
            var account = Get(number);
            var chats = account.Messages
                .GroupBy(m => m.CounterpartOf(account.Number))
                .Select(g => (Counterpart: g.Key, Latest: g.MaxBy(m => m.Timestamp)!,
                    Unread: g.Count(m => !m.IsFrom(account.Number) && m.Ack < Ack.Read), Marks: account.ChatMarks.GetValueOrDefault(g.Key)))
                .Where(c => !onlyArchived || c.Marks?.Archived == true)
                .OrderByDescending(c => c.Latest.Timestamp)
                .Select(c => _groups.GetValueOrDefault(c.Counterpart) is { } group
                    ? PagePayloads.Chat(group.Wid, group.Subject, c.Unread, c.Latest.Timestamp, c.Marks?.Archived ?? false, c.Marks?.MarkedUnread ?? false, isGroup: true)
                    : PagePayloads.Chat(c.Latest.CounterpartWidOf(account.Number), _accounts.GetValueOrDefault(c.Counterpart)?.Name, c.Unread,
                        c.Latest.Timestamp, c.Marks?.Archived ?? false, c.Marks?.MarkedUnread ?? false));
            return (count is > 0 ? chats.Take(count.Value) : chats).ToList();
        }
    }

    /// <summary>Messages of one chat in wa-js's shape, oldest first, paged like <c>WPP.chat.getMessages</c>.</summary>
    public IReadOnlyList<object> MessagesOf(string number, string chatId, int count, bool after, string? anchorKey)
    {
        lock (_gate)
        {
            var account = Get(number);
            var counterpart = ResolveChat(account, chatId);
            var chat = account.Messages.Where(m => m.CounterpartOf(account.Number) == counterpart).ToList();
            if (anchorKey is not null)
            {
                // The anchor is a serialized MsgKey (fromMe_remote_id); a bare id is accepted too.
                var anchorId = anchorKey.Split('_')[^1];
                var index = chat.FindIndex(m => m.Id == anchorId);
                if (index < 0) throw new NetworkException(NetworkErrorKind.NotFound, $"message not found: {anchorKey}");
                chat = after ? chat[(index + 1)..] : chat[..index];
            }
            if (count >= 0) chat = after ? chat.Take(count).ToList() : chat.TakeLast(count).ToList();
            return chat.Select(m => PagePayloads.Message(m, account.Number, _accounts[m.From].Name, isNew: false, QuotedOf(m))).ToList();
        }
    }

    public NetworkStats Stats()
    {
        lock (_gate)
        {
            return new NetworkStats(
                _conflicts,
                _accounts.Count,
                _devicesByToken.Count,
                _devicesByToken.Values.Count(d => d.IsConnected),
                _accounts.Values.Sum(a => a.Messages.Count(m => m.From == a.Number)),
                _existenceQueries);
        }
    }

    /// <summary>
    /// Runs a change under the lock, then keeps the network: the snapshot is taken under the lock (acks and devices
    /// change under it) and written after it, so no other caller waits on the disk, and before this caller returns,
    /// so what the API or the page was told has happened is on disk.
    /// </summary>
    private T Change<T>(Func<T> change)
    {
        T result;
        StoredNetwork? snapshot = null;
        long version;
        lock (_gate)
        {
            result = change();
            version = ++_version;
            if (_store.Keeps) snapshot = Snapshot();
        }
        if (snapshot is not null) _store.Save(snapshot, version);
        return result;
    }

    private void Change(Action change) => Change(() =>
    {
        change();
        return true;
    });

    /// <summary>Puts a message in the network and in both parties' histories (once when a phone writes to itself).</summary>
    private void Add(ChatMessage message)
    {
        _messages.Add(message);
        _accounts[message.From].Messages.Add(message);
        if (message.ToGroup)
        {
            foreach (var number in message.Recipients) _accounts[number].Messages.Add(message);
            return;
        }
        if (message.To != message.From && !message.BlockedByRecipient) _accounts[message.To].Messages.Add(message);
    }

    private static string NewMessageId() => "3EB0" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9));

    /// <summary>A LID looks like WhatsApp's: 15 digits that say nothing of the number.</summary>
    private string NewLid()
    {
        while (true)
        {
            var lid = (RandomNumberGenerator.GetInt32(100_000, 1_000_000) * 1_000_000_000L + RandomNumberGenerator.GetInt32(1_000_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!_accountsByLid.ContainsKey(PhoneNumbers.ToLidWid(lid))) return lid;
        }
    }

    private Account Get(string number) =>
        _accounts.GetValueOrDefault(number) ?? throw NetworkException.NoSuchPhone(number);

    private Account? Resolve(string id)
    {
        if (PhoneNumbers.IsLid(id)) return _accountsByLid.GetValueOrDefault(id.Trim());
        if (PhoneNumbers.FromId(id) is not { } number) return null;
        if (_accounts.TryGetValue(number, out var exact)) return exact;
        return PhoneNumbers.BrazilianNinthDigitVariant(number) is { } variant ? _accounts.GetValueOrDefault(variant) : null;
    }

    /// <summary>The counterpart number of a chat: an account, or a number this account already talked to.</summary>
    private string ResolveChat(Account account, string chatId)
    {
        if (Resolve(chatId) is { } other) return other.Number;
        // A group the account is in, or was in and still has the messages of.
        if (PhoneNumbers.IsGroup(chatId) && (_groups.GetValueOrDefault(chatId) is { } group && group.Has(account.Number)
            || account.Messages.Any(m => m.To == chatId))) return chatId;
        var number = PhoneNumbers.FromId(chatId);
        if (number is not null && account.Messages.Any(m => m.CounterpartOf(account.Number) == number)) return number;
        throw new NetworkException(NetworkErrorKind.NotFound, $"chat not found: {chatId}");
    }

    private void ChangeAck(int ack, Account sender, string chatNumber, IReadOnlyList<ChatMessage> messages)
    {
        foreach (var message in messages) message.Ack = ack;
        // One receipt per id the messages were sent to: a person written to by number and by LID has two.
        foreach (var chat in messages.GroupBy(m => m.CounterpartWidOf(sender.Number)))
        foreach (var device in sender.Devices)
            Push(device, PagePayloads.AckChange(ack, sender.Number, chat.Key, chat.ToList()));
        LogAckChanged(messages.Count, chatNumber, Ack.Name(ack));
    }

    /// <summary>
    /// Sends an event to a device now, or keeps it for when the device reconnects (the offline queue), as the JSON
    /// the page would have got, which is also what the store keeps.
    /// </summary>
    private static void Push(LinkedDevice device, object payload)
    {
        if (device.Connection is { } connection) connection.Send(payload);
        else device.Pending.Enqueue(JsonSerializer.SerializeToElement(payload, DeviceConnection.Json));
    }

    private static PhoneView View(Account a) => new(
        a.Number, a.Wid, a.LidWid, a.LidOnly, a.Name, a.PhoneOnline, a.Frozen,
        a.Devices.Select(d => new DeviceView(d.DeviceId, d.LinkedAt, d.IsConnected)).ToList());

    [LoggerMessage(LogLevel.Information, "Sandbox phone {Number} ({Name}) created")]
    private partial void LogPhoneCreated(string number, string name);

    [LoggerMessage(LogLevel.Debug, "Message {MessageId} accepted from {From} to {To} ({Type})")]
    private partial void LogMessageAccepted(string messageId, string from, string to, string type);

    [LoggerMessage(LogLevel.Debug, "{Count} message(s) of chat {Chat} now {Ack}")]
    private partial void LogAckChanged(int count, string chat, string ack);
}
