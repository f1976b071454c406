using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Contacts;
using WhatsPortal.Engine.Events;
using WhatsPortal.Engine.Outbound;

namespace WhatsPortal.Engine;

/// <summary>
/// What the web layer asks of the engine. Instances are created by the web layer inserting an
/// <see cref="Instance"/> row (see <see cref="NewInstance"/>); everything else goes through here.
/// Status changes, QR codes and message updates are published on <see cref="IEngineEvents"/>.
/// </summary>
public interface IWhatsAppEngine
{
    /// <summary>A new instance row with the engine's default pacing, for the web layer to insert.</summary>
    Instance NewInstance(Guid tenantId, string name);

    /// <summary>Starts the instance and keeps it running across app restarts (AutoStart). No-op when already running.</summary>
    /// <exception cref="InstanceNotFoundException"/>
    /// <exception cref="InstanceStateException">MaxInstances instances already run on the node placement chose.</exception>
    Task StartAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Stops the instance (finishing a send in progress) and keeps it stopped across restarts. The login is kept.</summary>
    Task StopAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Closes and relaunches the browser; the persistent profile means no new QR.</summary>
    Task RestartAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Unlinks the device from the WhatsApp account and forgets the login (next start shows a QR).</summary>
    Task LogoutAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Stops the instance, deletes its browser profile and media, and deletes its row (with its chats, messages and events).</summary>
    Task DeleteAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>What the instance's session is doing right now, on whichever node runs it; null when it runs nowhere (read the row then).</summary>
    Task<InstanceStatus?> GetStatusAsync(Guid instanceId);

    /// <summary>The QR to scan, or null when the instance is not in <see cref="InstanceStatus.Qr"/>.</summary>
    Task<QrCode?> GetQrAsync(Guid instanceId);

    /// <summary>An 8-character code to type on the phone (Linked devices → Link with phone number) instead of scanning.</summary>
    /// <exception cref="InstanceStateException">The instance is not showing a QR.</exception>
    Task<string> RequestPairingCodeAsync(Guid instanceId, string phoneNumber, CancellationToken cancellationToken = default);

    /// <summary>Validates and queues an outbound message; with an idempotency key already used, returns that message.</summary>
    /// <exception cref="InvalidOutboundMessageException"/>
    /// <exception cref="InstanceNotFoundException">No such instance in this tenant.</exception>
    Task<Message> EnqueueAsync(Guid tenantId, Guid instanceId, OutboundMessageRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues a reaction (<paramref name="value"/> one emoji, empty to remove ours), an edit (<paramref name="value"/> the new
    /// text) or a revoke of a stored message; it is sent like a message, when the instance is connected, and changes the
    /// stored message once WhatsApp took it.
    /// </summary>
    /// <exception cref="MessageNotFoundException">No such message in this tenant's instance.</exception>
    /// <exception cref="InvalidOutboundMessageException">Not a single emoji, or no text.</exception>
    /// <exception cref="MessageActionRefusedException">The message does not allow it (not sent yet, not ours, not a text, past the edit window).</exception>
    Task<MessageAction> EnqueueActionAsync(Guid tenantId, Guid instanceId, Guid messageId, MessageActionKind kind, string? value, CancellationToken cancellationToken = default);
    /// <summary>Cancels a scheduled message of the tenant's instance; one no longer scheduled (sent, expired, cancelled) stays as it is.</summary>
    Task<CancelOutcome> CancelScheduledAsync(Guid tenantId, Guid instanceId, Guid messageId, CancellationToken cancellationToken = default);

    /// <summary>Tells the sender that the web layer inserted queued rows itself.</summary>
    void NotifyQueued(Guid instanceId);

    /// <summary>Marks a chat (a <see cref="Chat"/> row of the instance) read on WhatsApp, so the other side sees blue
    /// ticks, and here: unread count 0, its received messages read.</summary>
    /// <exception cref="InstanceStateException">The instance is not connected.</exception>
    Task MarkChatReadAsync(Guid instanceId, Guid chatId, CancellationToken cancellationToken = default);

    /// <summary>Marks a chat unread on WhatsApp (every device of the account shows it so) and here, until it is read or a message arrives.</summary>
    /// <exception cref="InstanceStateException">The instance is not connected, the chat is not the instance's, or WhatsApp Web refused.</exception>
    Task MarkChatUnreadAsync(Guid instanceId, Guid chatId, CancellationToken cancellationToken = default);

    /// <summary>Archives or unarchives a chat on WhatsApp and here; a message received in an archived chat unarchives it, as WhatsApp does by default.</summary>
    /// <exception cref="InstanceStateException">The instance is not connected, the chat is not the instance's, or WhatsApp Web refused.</exception>
    Task SetChatArchivedAsync(Guid instanceId, Guid chatId, bool archived, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether each id (5511988887777@c.us) is on WhatsApp, in the order given: from the instance's cache while an answer
    /// is younger than Engine:NumberCheckCacheLifetime, otherwise asked of WhatsApp one at a time, paced
    /// (Engine:NumberCheckIntervalMs), so a batch cannot look like the bulk checks WhatsApp bans numbers for.
    /// </summary>
    /// <exception cref="InstanceStateException">The instance is not connected, or WhatsApp Web did not answer.</exception>
    Task<IReadOnlyList<NumberCheck>> CheckNumbersAsync(Guid instanceId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Presence of these contacts (ids such as 5511988887777@c.us) is published as <see cref="PresenceUpdated"/> from now
    /// on, as long as the instance runs (WhatsApp tells presence only to who asked for it).
    /// </summary>
    /// <returns>The ids WhatsApp knows; unknown numbers are left out.</returns>
    /// <exception cref="InstanceStateException">The instance is not connected.</exception>
    Task<IReadOnlyList<string>> SubscribePresenceAsync(Guid instanceId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>The chat with <paramref name="chatId"/> shows the other side this number typing, recording a voice note, or neither.</summary>
    /// <exception cref="InstanceStateException">The instance is not connected, or WhatsApp Web refused.</exception>
    Task SetChatStateAsync(Guid instanceId, string chatId, ChatState state, CancellationToken cancellationToken = default);

    /// <summary>A link to the contact's profile picture on WhatsApp's servers, valid for a while; null when the contact has none or hides it from this number.</summary>
    /// <exception cref="InstanceStateException">The instance is not connected, or WhatsApp Web refused.</exception>
    Task<string?> GetProfilePictureUrlAsync(Guid instanceId, string chatId, CancellationToken cancellationToken = default);

    /// <summary>Blocks or unblocks a contact on WhatsApp: a blocked contact's messages never arrive, and the number cannot write to it.</summary>
    /// <returns>Whether the contact is blocked now.</returns>
    /// <exception cref="InstanceStateException">The instance is not connected, or WhatsApp Web refused (e.g. not a WhatsApp account).</exception>
    Task<bool> SetBlockedAsync(Guid instanceId, string chatId, bool blocked, CancellationToken cancellationToken = default);

    /// <summary>Whether the instance's number blocked the contact.</summary>
    /// <exception cref="InstanceStateException">The instance is not connected.</exception>
    Task<bool> IsBlockedAsync(Guid instanceId, string chatId, CancellationToken cancellationToken = default);
}
