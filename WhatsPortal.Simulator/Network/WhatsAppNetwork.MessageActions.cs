namespace WhatsPortal.Simulator.Network;

/// <summary>What people do to messages already sent: react, edit their own text, as WhatsApp allows them.</summary>
public sealed partial class WhatsAppNetwork
{
    /// <summary>WhatsApp lets a sender edit a text for 15 minutes after sending it.</summary>
    public static readonly TimeSpan EditWindow = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A person reacts to a message of one of their chats (an empty emoji removes their reaction); every device of both
    /// sides gets <c>chat.new_reaction</c>.
    /// </summary>
    public MessageView React(string number, string messageId, string emoji)
    {
        return Change(() =>
        {
            var reactor = Get(number);
            var message = MessageOf(reactor, messageId);
            if (message.Revoked) throw new NetworkException(NetworkErrorKind.Conflict, "message revoked: a deleted message takes no reactions");
            if (emoji.Length == 0) message.Reactions.Remove(reactor.Number);
            else message.Reactions[reactor.Number] = emoji;
            var reactionId = NewMessageId();
            var at = _time.GetUtcNow();
            foreach (var account in Parties(message))
            foreach (var device in account.Devices)
                Push(device, PagePayloads.Reaction(message, account.Number, reactor.Number, WidSeenBy(reactor, message), emoji, reactionId, at));
            return MessageView.Of(message, reactor.Number);
        });
    }

    /// <summary>The sender edits the text of a text message within <see cref="EditWindow"/>; both sides get <c>chat.msg_edited</c>.</summary>
    public MessageView Edit(string number, string messageId, string text)
    {
        if (string.IsNullOrEmpty(text)) throw new NetworkException(NetworkErrorKind.Invalid, "An edit needs text.");
        return Change(() =>
        {
            var sender = Get(number);
            var message = MessageOf(sender, messageId);
            if (!message.IsFrom(sender.Number))
                throw new NetworkException(NetworkErrorKind.Conflict, $"Message {message.Id} was sent to {number}; only its sender can edit it.");
            if (message.Revoked || message.Media is not null || message.Type != "chat")
                throw new NetworkException(NetworkErrorKind.Conflict, "Only a text message can be edited.");
            if (_time.GetUtcNow() - message.Timestamp > EditWindow)
                throw new NetworkException(NetworkErrorKind.Conflict, $"A message can be edited for {EditWindow.TotalMinutes} minutes after it was sent.");
            message.Text = text;
            message.EditedAt = _time.GetUtcNow();
            foreach (var account in Parties(message))
            foreach (var device in account.Devices)
                Push(device, PagePayloads.Edited(message, account.Number, sender.Name));
            return MessageView.Of(message, sender.Number);
        });
    }

    /// <summary>A message of the account's history, by bare id or serialized MsgKey (fromMe_remote_id).</summary>
    private static ChatMessage MessageOf(Account account, string messageId)
    {
        var id = messageId.Split('_')[^1];
        return account.Messages.FirstOrDefault(m => m.Id == id)
            ?? throw new NetworkException(NetworkErrorKind.NotFound, $"message not found: {account.Number} has no message {id}");
    }

    /// <summary>A message of the chat between <paramref name="account"/> and <paramref name="counterpart"/>, which a reply may quote.</summary>
    private static ChatMessage MessageOfChat(Account account, string counterpart, string messageId)
    {
        var message = MessageOf(account, messageId);
        return message.CounterpartOf(account.Number) == counterpart
            ? message
            : throw new NetworkException(NetworkErrorKind.Invalid, $"quoted message {message.Id} belongs to another chat");
    }

    private ChatMessage? QuotedOf(ChatMessage message) =>
        message.QuotedId is { } quoted ? _messages.FirstOrDefault(m => m.Id == quoted) : null;

    private IEnumerable<Account> Parties(ChatMessage message) =>
        new[] { _accounts[message.From], _accounts[message.To] }.Distinct();

    /// <summary>The id a party of <paramref name="message"/> goes by in its chat: its LID when it appears by LID there.</summary>
    private static string WidSeenBy(Account party, ChatMessage message) =>
        message.IsFrom(party.Number) ? message.FromWid : message.ToWid;
}
