using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Contacts;

namespace WhatsPortal.Engine.Driver;

/// <summary>
/// One WhatsApp Web page, seen through the WPP contract (docs/wpp-contract.md) and nothing else.
/// Events arrive on the writer given at launch, in the order the page raised them.
/// </summary>
public interface IWhatsAppDriver : IAsyncDisposable
{
    /// <summary>False once the page, its browser or its process is gone.</summary>
    bool IsAlive { get; }

    Task<ConnectionState> GetStateAsync(CancellationToken cancellationToken);

    /// <summary>Like <see cref="GetStateAsync"/> but also waits on a WPP promise, so a hung WPP is noticed.</summary>
    Task<ConnectionState> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>The QR text to show, or null when authenticated or when the QR attempts ended.</summary>
    Task<string?> GetAuthCodeAsync(CancellationToken cancellationToken);

    Task<string> RequestPairingCodeAsync(string phoneNumber, CancellationToken cancellationToken);

    Task LogoutAsync(CancellationToken cancellationToken);

    /// <summary>The id WhatsApp really uses for <paramref name="chatId"/>, or null when it is not on WhatsApp.</summary>
    Task<string?> QueryExistsAsync(string chatId, CancellationToken cancellationToken);

    /// <param name="quotedId">The serialized id of a message of the chat this one replies to, or null.</param>
    /// <param name="mentions">WhatsApp ids the text mentions (wa-js's mentionedList).</param>
    Task<SendResult> SendTextAsync(string chatId, string text, string? quotedId, IReadOnlyList<string> mentions, CancellationToken cancellationToken);

    /// <summary>Reacts to a message with an emoji; an empty one removes this account's reaction.</summary>
    Task ReactAsync(string messageId, string reaction, CancellationToken cancellationToken);

    /// <summary>Replaces the text of one of this account's text messages (WhatsApp allows it for 15 minutes).</summary>
    Task EditAsync(string messageId, string text, CancellationToken cancellationToken);

    /// <summary>Deletes one of this account's messages for everyone.</summary>
    Task RevokeAsync(string chatId, string messageId, CancellationToken cancellationToken);

    Task<SendResult> SendFileAsync(string chatId, string dataUrl, SendFileOptions options, CancellationToken cancellationToken);

    /// <summary>Shares a place (WPP.chat.sendLocationMessage).</summary>
    Task<SendResult> SendLocationAsync(string chatId, LocationContent place, CancellationToken cancellationToken);

    /// <summary>Shares contact cards (WPP.chat.sendVCardContactMessage): WhatsApp writes one vCard per number, under the card's name.</summary>
    Task<SendResult> SendContactsAsync(string chatId, IReadOnlyList<ContactCard> cards, CancellationToken cancellationToken);

    /// <summary>Asks a poll (WPP.chat.sendCreatePollMessage).</summary>
    Task<SendResult> SendPollAsync(string chatId, PollContent poll, CancellationToken cancellationToken);

    Task MarkReadAsync(string chatId, CancellationToken cancellationToken);

    /// <summary>The chat shows unread on every device of the account until it is read or a message arrives.</summary>
    Task MarkUnreadAsync(string chatId, CancellationToken cancellationToken);

    /// <summary>Archives or unarchives the chat for the whole account; already so counts as done.</summary>
    Task SetArchivedAsync(string chatId, bool archived, CancellationToken cancellationToken);

    /// <summary>From now until the page reconnects, these contacts' presence arrives as <see cref="PresenceChanged"/>; returns the ids WhatsApp knows.</summary>
    Task<IReadOnlyList<string>> SubscribePresenceAsync(IReadOnlyList<string> chatIds, CancellationToken cancellationToken);

    /// <summary>The chat shows the other side that this account is typing, recording a voice note, or neither.</summary>
    Task SetChatStateAsync(string chatId, ChatState state, CancellationToken cancellationToken);

    /// <summary>A link to the contact's full-size profile picture on WhatsApp's servers (it expires), or null when it has none or hides it.</summary>
    Task<string?> GetProfilePictureUrlAsync(string chatId, CancellationToken cancellationToken);

    /// <summary>Blocks or unblocks a contact; returns whether it is blocked now.</summary>
    Task<bool> SetBlockedAsync(string chatId, bool blocked, CancellationToken cancellationToken);

    /// <summary>Whether the account blocked the contact (WhatsApp Web holds the list; nothing goes to the network).</summary>
    Task<bool> IsBlockedAsync(string chatId, CancellationToken cancellationToken);

    /// <summary>The groups the account is in.</summary>
    Task<IReadOnlyList<WhatsAppGroupSummary>> ListGroupsAsync(CancellationToken cancellationToken);

    /// <summary>Group calls throw <see cref="WhatsAppCallException"/> with wa-js's <see cref="WhatsAppCallException.Code"/> when WhatsApp refuses (e.g. group_you_are_not_admin).</summary>
    Task<WhatsAppGroup> GetGroupAsync(string groupId, CancellationToken cancellationToken);

    Task<WhatsAppGroupCreated> CreateGroupAsync(string subject, IReadOnlyList<string> participantIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<GroupAddResult>> AddParticipantsAsync(string groupId, IReadOnlyList<string> participantIds, CancellationToken cancellationToken);

    /// <param name="operation">remove, promote or demote.</param>
    Task ChangeParticipantsAsync(string groupId, string operation, IReadOnlyList<string> participantIds, CancellationToken cancellationToken);

    /// <param name="property">subject or description.</param>
    Task SetGroupPropertyAsync(string groupId, string property, string value, CancellationToken cancellationToken);

    /// <summary>The code of the group's invite link; with <paramref name="revoke"/> the old link stops working and a new code is answered.</summary>
    Task<string> GetInviteCodeAsync(string groupId, bool revoke, CancellationToken cancellationToken);

    Task LeaveGroupAsync(string groupId, CancellationToken cancellationToken);

    Task<IReadOnlyList<WhatsAppChat>> ListChatsAsync(int count, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="count"/> messages of a chat, oldest first.</summary>
    Task<IReadOnlyList<WhatsAppMessage>> GetMessagesAsync(string chatId, int count, CancellationToken cancellationToken);
}

/// <summary>Launches pages; one per instance, each with its own persistent browser profile.</summary>
public interface IWhatsAppDriverFactory
{
    Task<IWhatsAppDriver> LaunchAsync(Guid instanceId, Action<DriverEvent> onEvent, CancellationToken cancellationToken);
}
