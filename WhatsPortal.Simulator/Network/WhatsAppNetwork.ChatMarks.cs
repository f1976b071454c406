namespace WhatsPortal.Simulator.Network;

/// <summary>
/// Archiving and marking unread as WhatsApp has them: settings of the account's chat that the phone and every linked
/// device share. A message received in an archived chat brings it back (WhatsApp's default, with "Keep chats archived"
/// off), and unread messages take the place of an unread mark, as reading the chat clears it. Archiving a chat that is
/// archived already is refused the way wa-js refuses it (<c>archive_error</c>, <c>unarchive_error</c>).
/// </summary>
public sealed partial class WhatsAppNetwork
{
    /// <summary>WPP.chat.archive / WPP.chat.unarchive: the chat's wid and whether it is archived now.</summary>
    internal object SetArchived(LinkedDevice device, string chatId, bool archive) => Change(() =>
    {
        var account = device.Account;
        var counterpart = ResolveChat(account, chatId);
        var marks = MarksOf(account, counterpart);
        if (marks.Archived == archive)
            throw new NetworkException(NetworkErrorKind.Conflict, $"The chat {chatId} is already {(archive ? "archived" : "unarchived")}")
            {
                Code = archive ? "archive_error" : "unarchive_error",
            };
        marks.Archived = archive;
        return (object)new { wid = ChatWid(chatId, counterpart), archive };
    });

    /// <summary>WPP.chat.markIsUnread: the chat shows unread until it is read or a message arrives in it.</summary>
    internal object MarkChatUnread(LinkedDevice device, string chatId) => Change(() =>
    {
        var counterpart = ResolveChat(device.Account, chatId);
        MarksOf(device.Account, counterpart).MarkedUnread = true;
        return (object)new { wid = ChatWid(chatId, counterpart) };
    });

    /// <summary>The phone's chats as it shows them, newest first: for the phone page and the control API.</summary>
    public IReadOnlyList<ChatView> Chats(string number)
    {
        lock (_gate)
        {
            var account = Get(number);
            return account.Messages
                .GroupBy(m => m.CounterpartOf(account.Number))
                .Select(g =>
                {
                    var marks = account.ChatMarks.GetValueOrDefault(g.Key);
                    return new ChatView(g.Key, _accounts.GetValueOrDefault(g.Key)?.Name,
                        g.Count(m => !m.IsFrom(account.Number) && m.Ack < Ack.Read), marks?.MarkedUnread ?? false, marks?.Archived ?? false,
                        g.Max(m => m.Timestamp));
                })
                .OrderByDescending(c => c.LastMessageAt)
                .ToList();
        }
    }

    private static ChatMarks MarksOf(Account account, string counterpart)
    {
        if (!account.ChatMarks.TryGetValue(counterpart, out var marks)) account.ChatMarks[counterpart] = marks = new ChatMarks();
        return marks;
    }

    /// <summary>A message <paramref name="recipient"/> received from <paramref name="sender"/> brings the chat back from the archive and ends its unread mark.</summary>
    private static void Received(Account recipient, Account sender)
    {
        if (recipient.ChatMarks.TryGetValue(sender.Number, out var marks)) marks.Archived = marks.MarkedUnread = false;
    }

    /// <summary>The id a chat call answers with: the one it was asked by, a LID or the number's.</summary>
    private string ChatWid(string chatId, string counterpart) =>
        PhoneNumbers.IsLid(chatId) ? _accounts[counterpart].LidWid : PhoneNumbers.ToWid(counterpart);
}

/// <summary>How an account keeps one chat; changed only under the network's lock.</summary>
internal sealed class ChatMarks
{
    public bool Archived { get; set; }
    public bool MarkedUnread { get; set; }
}
