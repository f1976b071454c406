using WhatsPortal.Data.Entities;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PuppeteerSharp;
using WhatsPortal.Engine.Contacts;

namespace WhatsPortal.Engine.Driver;

/// <summary>
/// Drives one page through the in-page bridge (whatsapp-bridge.js): calls go through
/// <c>page.EvaluateFunctionAsync</c>; events come back in numbered batches, on the answer of a call or through one
/// function exposed with <c>ExposeFunctionAsync</c>, and are handed on in the page's order.
/// </summary>
internal sealed class PuppeteerWhatsAppDriver : IWhatsAppDriver
{
    private const string EmitFunction = "__whatsPortalEmit";
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IBrowser _browser;
    private readonly IPage _page;
    private readonly Action<DriverEvent> _onEvent;
    private readonly ILogger _logger;
    private int _lost;
    private readonly EventBatchOrder _batches;
    // A read WPP does not answer within the health check's timeout means WPP hung; sends may take as long as an upload.
    private TimeSpan _readsAnswerWithin = Timeout.InfiniteTimeSpan;

    /// <param name="page">The browser's one page: using it (and never opening another) keeps one renderer.</param>
    internal PuppeteerWhatsAppDriver(IBrowser browser, IPage page, Action<DriverEvent> onEvent, ILogger logger)
    {
        _browser = browser;
        _page = page;
        _onEvent = onEvent;
        _batches = new EventBatchOrder(onEvent);
        _logger = logger;
        // The three ways a page goes away: its browser ends (killed, crashed, or its pipe broke), its renderer crashes, or it closes.
        _browser.Disconnected += (_, _) => Lose("the browser closed");
        _page.Error += (_, _) => Lose("the page crashed");
        _page.Close += (_, _) => Lose("the page closed");
    }

    public static string BridgeScript { get; } = ReadBridgeScript();

    public bool IsAlive => Volatile.Read(ref _lost) == 0 && !_page.IsClosed;

    /// <param name="waJsBundle">The wa-js bundle's text, or null where the page brings its own WPP (the simulator).</param>
    internal async Task OpenAsync(EngineOptions options, string? waJsBundle, string userAgent, CancellationToken cancellationToken)
    {
        await _page.ExposeFunctionAsync<string, bool>(EmitFunction, OnEmit);
        // wa-js documents being loaded before WhatsApp's own scripts so it can hook their webpack chunks.
        if (waJsBundle is not null) await _page.EvaluateExpressionOnNewDocumentAsync(waJsBundle);
        // --user-agent changes the string only; the client hints would still say HeadlessChrome. The override lasts as
        // long as the CDP session that set it: the page's own.
        await _page.Client.SendAsync("Emulation.setUserAgentOverride", DesktopChrome.UserAgentOverride(userAgent));

        // Loading can take a while; a stop does not wait for it (the factory closes the browser on the way out).
        var timeout = (int)options.PageReadyTimeout.TotalMilliseconds;
        try
        {
            await Abandonable(_page.GoToAsync(options.WhatsAppWebUrl, new NavigationOptions { WaitUntil = [WaitUntilNavigation.DOMContentLoaded], Timeout = timeout }), cancellationToken);
            await Abandonable(_page.WaitForFunctionAsync("() => window.WPP?.isReady === true", new WaitForFunctionOptions { Timeout = timeout, PollingInterval = 250 }), cancellationToken);
        }
        catch (Exception ex) when (ex is WaitTaskTimeoutException or NavigationException { InnerException: TimeoutException })
        {
            throw new TimeoutException($"WhatsApp Web was not ready within {options.PageReadyTimeout}.", ex);
        }
        _readsAnswerWithin = options.HealthCheckTimeout;
        await _page.EvaluateExpressionAsync(WhatsAppBridge.SettingsScript(options));
        await _page.EvaluateExpressionAsync(BridgeScript);
    }

    public async Task<ConnectionState> GetStateAsync(CancellationToken cancellationToken) =>
        Parse<ConnectionState>(await CallAsync("() => window.__whatsPortal.state()", cancellationToken));

    public async Task<ConnectionState> ProbeAsync(CancellationToken cancellationToken) =>
        Parse<ConnectionState>(await CallAsync("() => window.__whatsPortal.probe()", cancellationToken));

    public async Task<string?> GetAuthCodeAsync(CancellationToken cancellationToken) =>
        ParseOrNull<AuthCodeChanged>(await CallAsync("() => window.__whatsPortal.authCode()", cancellationToken))?.FullCode;

    public async Task<string> RequestPairingCodeAsync(string phoneNumber, CancellationToken cancellationToken) =>
        Parse<string>(await CallAsync("phone => window.__whatsPortal.pairingCode(phone)", cancellationToken, phoneNumber));

    public Task LogoutAsync(CancellationToken cancellationToken) =>
        CallAsync("() => window.__whatsPortal.logout()", cancellationToken);

    public async Task<string?> QueryExistsAsync(string chatId, CancellationToken cancellationToken) =>
        ParseOrNull<ContactFound>(await CallAsync("id => window.__whatsPortal.queryExists(id)", cancellationToken, chatId))?.Id;

    public async Task<SendResult> SendTextAsync(string chatId, string text, string? quotedId, IReadOnlyList<string> mentions, CancellationToken cancellationToken) =>
        Parse<SendResult>(await SendCallAsync("(id, text, quoted, mentions) => window.__whatsPortal.sendText(id, text, quoted || null, mentions)", cancellationToken,
            chatId, text, quotedId ?? "", mentions));

    public Task ReactAsync(string messageId, string reaction, CancellationToken cancellationToken) =>
        SendCallAsync("(id, reaction) => window.__whatsPortal.react(id, reaction)", cancellationToken, messageId, reaction);

    public Task EditAsync(string messageId, string text, CancellationToken cancellationToken) =>
        SendCallAsync("(id, text) => window.__whatsPortal.edit(id, text)", cancellationToken, messageId, text);

    public Task RevokeAsync(string chatId, string messageId, CancellationToken cancellationToken) =>
        SendCallAsync("(chatId, id) => window.__whatsPortal.revoke(chatId, id)", cancellationToken, chatId, messageId);

    public async Task<SendResult> SendFileAsync(string chatId, string dataUrl, SendFileOptions options, CancellationToken cancellationToken) =>
        // Options travel as JSON text, so their property names are ours whatever the driver's argument serializer does.
        Parse<SendResult>(await SendCallAsync("(id, content, options) => window.__whatsPortal.sendFile(id, content, JSON.parse(options))",
            cancellationToken, chatId, dataUrl, JsonSerializer.Serialize(options, Json)));

    public async Task<SendResult> SendLocationAsync(string chatId, LocationContent place, CancellationToken cancellationToken) =>
        Parse<SendResult>(await SendCallAsync("(id, place) => window.__whatsPortal.sendLocation(id, JSON.parse(place))", cancellationToken, chatId,
            JsonSerializer.Serialize(new { lat = place.Latitude, lng = place.Longitude, name = place.Name, address = place.Address }, Json)));

    public async Task<SendResult> SendContactsAsync(string chatId, IReadOnlyList<ContactCard> cards, CancellationToken cancellationToken) =>
        Parse<SendResult>(await SendCallAsync("(id, contacts) => window.__whatsPortal.sendContacts(id, JSON.parse(contacts))", cancellationToken, chatId,
            JsonSerializer.Serialize(cards.SelectMany(c => c.Numbers.Select(n => new { id = n + "@c.us", name = c.Name })), Json)));

    public async Task<SendResult> SendPollAsync(string chatId, PollContent poll, CancellationToken cancellationToken) =>
        // selectableCount 0 lets a voter choose any number of options, 1 exactly one.
        Parse<SendResult>(await SendCallAsync("(id, poll) => window.__whatsPortal.sendPoll(id, JSON.parse(poll))", cancellationToken, chatId,
            JsonSerializer.Serialize(new { name = poll.Question, choices = poll.Options, selectableCount = poll.MultipleChoice ? 0 : 1 }, Json)));

    public Task MarkReadAsync(string chatId, CancellationToken cancellationToken) =>
        CallAsync("id => window.__whatsPortal.markRead(id)", cancellationToken, chatId);

    public Task MarkUnreadAsync(string chatId, CancellationToken cancellationToken) =>
        CallAsync("id => window.__whatsPortal.markUnread(id)", cancellationToken, chatId);

    public Task SetArchivedAsync(string chatId, bool archived, CancellationToken cancellationToken) =>
        CallAsync("(id, archived) => window.__whatsPortal.setArchived(id, archived)", cancellationToken, chatId, archived);

    public async Task<IReadOnlyList<string>> SubscribePresenceAsync(IReadOnlyList<string> chatIds, CancellationToken cancellationToken) =>
        Parse<List<string>>(await CallAsync("ids => window.__whatsPortal.subscribePresence(JSON.parse(ids))", cancellationToken, JsonSerializer.Serialize(chatIds, Json)));

    public Task SetChatStateAsync(string chatId, ChatState state, CancellationToken cancellationToken) =>
        CallAsync("(id, state) => window.__whatsPortal.chatState(id, state)", cancellationToken, chatId, WhatsPortal.Data.SnakeCaseEnum<ChatState>.Name(state));

    public async Task<string?> GetProfilePictureUrlAsync(string chatId, CancellationToken cancellationToken) =>
        ParseOrNull<string>(await CallAsync("id => window.__whatsPortal.profilePictureUrl(id)", cancellationToken, chatId));

    public async Task<bool> SetBlockedAsync(string chatId, bool blocked, CancellationToken cancellationToken) =>
        Parse<bool>(await CallAsync("(id, blocked) => window.__whatsPortal.setBlocked(id, blocked)", cancellationToken, chatId, blocked));

    public async Task<bool> IsBlockedAsync(string chatId, CancellationToken cancellationToken) =>
        Parse<bool>(await CallAsync("id => window.__whatsPortal.isBlocked(id)", cancellationToken, chatId));

    public async Task<IReadOnlyList<WhatsAppGroupSummary>> ListGroupsAsync(CancellationToken cancellationToken) =>
        Parse<List<WhatsAppGroupSummary>>(await CallAsync("() => window.__whatsPortal.groups()", cancellationToken));

    public Task<WhatsAppGroup> GetGroupAsync(string groupId, CancellationToken cancellationToken) =>
        RefusableAsync<WhatsAppGroup>("id => window.__whatsPortal.group(id)", cancellationToken, groupId);

    public Task<WhatsAppGroupCreated> CreateGroupAsync(string subject, IReadOnlyList<string> participantIds, CancellationToken cancellationToken) =>
        RefusableAsync<WhatsAppGroupCreated>("(subject, ids) => window.__whatsPortal.createGroup(subject, JSON.parse(ids))", cancellationToken,
            subject, JsonSerializer.Serialize(participantIds, Json));

    public async Task<IReadOnlyList<GroupAddResult>> AddParticipantsAsync(string groupId, IReadOnlyList<string> participantIds, CancellationToken cancellationToken) =>
        await RefusableAsync<List<GroupAddResult>>("(id, ids) => window.__whatsPortal.addParticipants(id, JSON.parse(ids))", cancellationToken,
            groupId, JsonSerializer.Serialize(participantIds, Json));

    public Task ChangeParticipantsAsync(string groupId, string operation, IReadOnlyList<string> participantIds, CancellationToken cancellationToken) =>
        RefusableAsync<bool>("(operation, id, ids) => window.__whatsPortal.changeParticipants(operation, id, JSON.parse(ids))", cancellationToken,
            operation, groupId, JsonSerializer.Serialize(participantIds, Json));

    public Task SetGroupPropertyAsync(string groupId, string property, string value, CancellationToken cancellationToken) =>
        RefusableAsync<bool>("(id, property, value) => window.__whatsPortal.setGroupProperty(id, property, value)", cancellationToken, groupId, property, value);

    public Task<string> GetInviteCodeAsync(string groupId, bool revoke, CancellationToken cancellationToken) =>
        RefusableAsync<string>("(id, revoke) => window.__whatsPortal.inviteCode(id, revoke)", cancellationToken, groupId, revoke);

    public Task LeaveGroupAsync(string groupId, CancellationToken cancellationToken) =>
        RefusableAsync<bool>("id => window.__whatsPortal.leaveGroup(id)", cancellationToken, groupId);

    /// <summary>A call the bridge answers with <c>{ ok }</c>, or <c>{ refused, message }</c> when WhatsApp refused it.</summary>
    private async Task<T> RefusableAsync<T>(string function, CancellationToken cancellationToken, params object[] arguments)
    {
        var answer = await CallAsync(function, cancellationToken, arguments);
        if (answer.TryGetProperty("refused", out var code))
            throw new WhatsAppCallException(answer.GetProperty("message").GetString() ?? "refused") { Code = code.GetString() };
        return Parse<T>(answer.GetProperty("ok"));
    }

    public async Task<IReadOnlyList<WhatsAppChat>> ListChatsAsync(int count, CancellationToken cancellationToken) =>
        Parse<List<WhatsAppChat>>(await CallAsync("count => window.__whatsPortal.listChats(count)", cancellationToken, count));

    public async Task<IReadOnlyList<WhatsAppMessage>> GetMessagesAsync(string chatId, int count, CancellationToken cancellationToken) =>
        Parse<List<WhatsAppMessage>>(await CallAsync("(id, count) => window.__whatsPortal.getMessages(id, count)", cancellationToken, chatId, count));

    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _lost, 1);
        try
        {
            await _browser.CloseAsync();
        }
        catch (Exception ex) when (ex is PuppeteerException or IOException or ObjectDisposedException)
        {
            // Already gone (killed or crashed): nothing left to close.
            _logger.LogDebug(ex, "Closing an already closed browser");
        }
        _browser.Dispose();
    }

    /// <summary>
    /// A read: one that WPP does not answer in time fails as a hung page, so that no caller (a health probe, the history
    /// import in the session's loop) waits on a frozen WhatsApp Web forever.
    /// </summary>
    private Task<JsonElement> CallAsync(string function, CancellationToken cancellationToken, params object[] arguments) =>
        CallWithinAsync(function, _readsAnswerWithin, cancellationToken, arguments);

    private Task<JsonElement> SendCallAsync(string function, CancellationToken cancellationToken, params object[] arguments) =>
        CallWithinAsync(function, Timeout.InfiniteTimeSpan, cancellationToken, arguments);

    /// <summary>
    /// A cancelled or timed-out call is abandoned: an evaluation cannot be cancelled in the page. Failures leave as the
    /// engine's own exceptions: a rejection by WPP as <see cref="WhatsAppCallException"/>, anything else (a page that did not
    /// answer in time included) as <see cref="BrowserException"/>.
    /// </summary>
    private async Task<JsonElement> CallWithinAsync(string function, TimeSpan answerWithin, CancellationToken cancellationToken, object[] arguments)
    {
        try
        {
            return await Abandonable(EvaluateAsync(function, arguments), cancellationToken, answerWithin);
        }
        catch (TimeoutException ex)
        {
            throw new BrowserException($"WhatsApp Web did not answer within {answerWithin}.", ex);
        }
        catch (EvaluationFailedException ex) when (ex.Message.Contains("Error: ", StringComparison.Ordinal))
        {
            throw new WhatsAppCallException(PageErrorMessage(ex.Message), ex);
        }
        catch (PuppeteerException ex)
        {
            throw new BrowserException(ex.Message, ex);
        }
    }

    /// <summary>The call's own answer; the events that came with it are handed on even when the caller gave up waiting.</summary>
    private async Task<JsonElement> EvaluateAsync(string function, object[] arguments)
    {
        var answer = await _page.EvaluateFunctionAsync<string>(function, arguments);
        using var document = JsonDocument.Parse(answer);
        if (document.RootElement.GetProperty("e") is { ValueKind: JsonValueKind.Object } batch) Deliver(batch);
        // A copy that outlives the document, so the answer is not parsed a second time.
        return document.RootElement.GetProperty("r").Clone();
    }

    /// <summary>Waits for <paramref name="task"/> until cancelled or timed out; an abandoned task's later failure is observed and dropped.</summary>
    private static async Task<T> Abandonable<T>(Task<T> task, CancellationToken cancellationToken, TimeSpan? answerWithin = null)
    {
        try
        {
            return await task.WaitAsync(answerWithin ?? Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            _ = task.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>A rejected WPP promise reaches us as "Error: chat not found\n    at ..."; keep the reason only.</summary>
    private static string PageErrorMessage(string evaluationMessage)
    {
        var start = evaluationMessage.IndexOf("Error: ", StringComparison.Ordinal) + "Error: ".Length;
        var end = evaluationMessage.IndexOf('\n', start);
        return (end < 0 ? evaluationMessage[start..] : evaluationMessage[start..end]).Trim();
    }

    private bool OnEmit(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            Deliver(document.RootElement);
        }
        catch (JsonException ex)
        {
            _logger.LogWarning(ex, "Ignoring events the bridge sent in an unexpected shape: {Payload}", json);
        }
        return true;
    }

    private void Deliver(JsonElement batch)
    {
        var seq = batch.GetProperty("seq").GetInt64();
        var events = new List<DriverEvent>();
        foreach (var item in batch.GetProperty("events").EnumerateArray())
        {
            try
            {
                if (ParseEvent(item) is { } e) events.Add(e);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                _logger.LogWarning(ex, "Ignoring an event the bridge sent in an unexpected shape: {Payload}", item.GetRawText());
            }
        }
        _batches.Accept(seq, events);
    }

    private static DriverEvent? ParseEvent(JsonElement item)
    {
        var data = item.GetProperty("data");
        return item.GetProperty("type").GetString() switch
        {
            "auth_code_change" => new AuthCodeChanged(data.ValueKind == JsonValueKind.Null ? null : data.GetProperty("fullCode").GetString()),
            "authenticated" => new Authenticated(),
            "main_ready" => new MainReady(),
            "logout" => new LoggedOut(),
            "logout_reason" => new LogoutReasonReported(data.GetString() ?? "unknown"),
            "new_message" => new MessageArrived(data.Deserialize<WhatsAppMessage>(Json)!),
            "ack_change" => data.Deserialize<AckChanged>(Json),
            "revoke" => data.Deserialize<MessageRevoked>(Json),
            "presence" => data.Deserialize<PresenceChanged>(Json),
            "reaction" => data.Deserialize<ReactionChanged>(Json),
            "edited" => new MessageEdited(data.Deserialize<WhatsAppMessage>(Json)!),
            "poll_vote" => data.Deserialize<PollVoted>(Json),
            "group_participants" => data.Deserialize<GroupParticipantsChanged>(Json),
            "group_updated" => data.Deserialize<GroupUpdatedInPage>(Json),
            "bridge_error" => new BridgeError(data.GetString() ?? ""),
            _ => null,
        };
    }

    private void Lose(string reason)
    {
        if (Interlocked.Exchange(ref _lost, 1) == 0) _onEvent(new PageLost(reason));
    }

    private static T Parse<T>(JsonElement answer) => answer.Deserialize<T>(Json) ?? throw new WhatsAppCallException($"WPP answered null where a {typeof(T).Name} was expected.");

    private static T? ParseOrNull<T>(JsonElement answer) where T : class => answer.Deserialize<T>(Json);

    private static string ReadBridgeScript()
    {
        using var stream = typeof(PuppeteerWhatsAppDriver).Assembly.GetManifestResourceStream("WhatsPortal.Engine.whatsapp-bridge.js")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record ContactFound(string Id);
}

/// <summary>WPP rejected a call; the message is WhatsApp Web's reason (e.g. "chat not found").</summary>
public sealed class WhatsAppCallException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>wa-js's code for the refusal (its WPPError's <c>code</c>, e.g. group_you_are_not_admin), when the bridge passed one on.</summary>
    public string? Code { get; init; }
}

/// <summary>The browser or its page failed a call (closed, crashed, disconnected): the page, not the request, is at fault.</summary>
public sealed class BrowserException(string message, Exception? inner = null) : Exception(message, inner);
