using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace WhatsPortal.Engine.Driver;

/// <summary>
/// Drives one page through the in-page bridge (whatsapp-bridge.js): calls go through
/// <c>page.EvaluateAsync</c>; events come back in numbered batches, on the answer of a call or through one
/// function exposed with <c>ExposeFunctionAsync</c>, and are handed on in the page's order.
/// </summary>
internal sealed class PlaywrightWhatsAppDriver : IWhatsAppDriver
{
    private const string EmitFunction = "__whatsPortalEmit";
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IBrowserContext _context;
    private readonly Action<DriverEvent> _onEvent;
    private readonly ILogger _logger;
    private IPage? _page;
    private ICDPSession? _identity;
    private int _lost;
    private readonly EventBatchOrder _batches;

    internal PlaywrightWhatsAppDriver(IBrowserContext context, Action<DriverEvent> onEvent, ILogger logger)
    {
        _context = context;
        _onEvent = onEvent;
        _batches = new EventBatchOrder(onEvent);
        _logger = logger;
        _context.Close += (_, _) => Lose("the browser closed");
    }

    public static string BridgeScript { get; } = ReadBridgeScript();

    public bool IsAlive => Volatile.Read(ref _lost) == 0 && _page is { IsClosed: false };

    private IPage Page => _page ?? throw new InvalidOperationException("The page is not open.");

    internal async Task OpenAsync(EngineOptions options, string waJsBundlePath, string userAgent, CancellationToken cancellationToken)
    {
        await _context.ExposeFunctionAsync<string>(EmitFunction, OnEmit);
        if (options.InjectWaJs)
        {
            // wa-js documents being loaded before WhatsApp's own scripts so it can hook their webpack chunks.
            if (!File.Exists(waJsBundlePath))
                throw new FileNotFoundException($"The wa-js bundle is missing at {waJsBundlePath}; rebuild WhatsPortal.Engine (npm ci runs at build time).", waJsBundlePath);
            await _context.AddInitScriptAsync(scriptPath: waJsBundlePath);
        }

        // A persistent context opens with one page; using it (and never opening another) keeps one renderer.
        _page = _context.Pages.Count > 0 ? _context.Pages[0] : await _context.NewPageAsync();
        foreach (var extra in _context.Pages.Skip(1).ToList()) await extra.CloseAsync();
        // Playwright's user agent option changes the string only; the client hints would still say HeadlessChrome. The
        // override lasts as long as the session that set it, so the session stays open with the page.
        _identity = await _context.NewCDPSessionAsync(_page);
        await _identity.SendAsync("Emulation.setUserAgentOverride", DesktopChrome.UserAgentOverride(userAgent));
        _page.Crash += (_, _) => Lose("the page crashed");
        _page.Close += (_, _) => Lose("the page closed");

        // Loading can take a while; a stop does not wait for it (the factory closes the browser on the way out).
        var timeout = (float)options.PageReadyTimeout.TotalMilliseconds;
        await Abandonable(_page.GotoAsync(options.WhatsAppWebUrl, new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = timeout }), cancellationToken);
        await Abandonable(_page.WaitForFunctionAsync("() => window.WPP?.isReady === true", null, new() { Timeout = timeout, PollingInterval = 250 }), cancellationToken);
        await _page.EvaluateAsync(WhatsAppBridge.SettingsScript(options));
        await _page.EvaluateAsync(BridgeScript);
    }

    public async Task<ConnectionState> GetStateAsync(CancellationToken cancellationToken) =>
        Parse<ConnectionState>(await CallAsync("() => window.__whatsPortal.state()", null, cancellationToken));

    public async Task<ConnectionState> ProbeAsync(CancellationToken cancellationToken) =>
        Parse<ConnectionState>(await CallAsync("() => window.__whatsPortal.probe()", null, cancellationToken));

    public async Task<string?> GetAuthCodeAsync(CancellationToken cancellationToken) =>
        ParseOrNull<AuthCodeChanged>(await CallAsync("() => window.__whatsPortal.authCode()", null, cancellationToken))?.FullCode;

    public async Task<string> RequestPairingCodeAsync(string phoneNumber, CancellationToken cancellationToken) =>
        Parse<string>(await CallAsync("phone => window.__whatsPortal.pairingCode(phone)", phoneNumber, cancellationToken));

    public Task LogoutAsync(CancellationToken cancellationToken) =>
        CallAsync("() => window.__whatsPortal.logout()", null, cancellationToken);

    public async Task<string?> QueryExistsAsync(string chatId, CancellationToken cancellationToken) =>
        ParseOrNull<ContactFound>(await CallAsync("id => window.__whatsPortal.queryExists(id)", chatId, cancellationToken))?.Id;

    public async Task<SendResult> SendTextAsync(string chatId, string text, CancellationToken cancellationToken) =>
        Parse<SendResult>(await CallAsync("([id, text]) => window.__whatsPortal.sendText(id, text)", new object[] { chatId, text }, cancellationToken));

    public async Task<SendResult> SendFileAsync(string chatId, string dataUrl, SendFileOptions options, CancellationToken cancellationToken) =>
        // Options travel as JSON text: Playwright's own argument serializer ignores [JsonPropertyName].
        Parse<SendResult>(await CallAsync("([id, content, options]) => window.__whatsPortal.sendFile(id, content, JSON.parse(options))",
            new object[] { chatId, dataUrl, JsonSerializer.Serialize(options, Json) }, cancellationToken));

    public Task MarkReadAsync(string chatId, CancellationToken cancellationToken) =>
        CallAsync("id => window.__whatsPortal.markRead(id)", chatId, cancellationToken);

    public async Task<IReadOnlyList<WhatsAppChat>> ListChatsAsync(int count, CancellationToken cancellationToken) =>
        Parse<List<WhatsAppChat>>(await CallAsync("count => window.__whatsPortal.listChats(count)", count, cancellationToken));

    public async Task<IReadOnlyList<WhatsAppMessage>> GetMessagesAsync(string chatId, int count, CancellationToken cancellationToken) =>
        Parse<List<WhatsAppMessage>>(await CallAsync("([id, count]) => window.__whatsPortal.getMessages(id, count)", new object[] { chatId, count }, cancellationToken));

    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _lost, 1);
        try
        {
            await _context.CloseAsync();
        }
        catch (PlaywrightException ex)
        {
            // Already gone (killed or crashed): nothing left to close.
            _logger.LogDebug(ex, "Closing an already closed browser");
        }
    }

    /// <summary>Playwright cannot cancel an evaluation in the page; a cancelled call is abandoned.</summary>
    private async Task<JsonElement> CallAsync(string expression, object? argument, CancellationToken cancellationToken)
    {
        try
        {
            return await Abandonable(EvaluateAsync(expression, argument), cancellationToken);
        }
        catch (PlaywrightException ex) when (ex.Message.Contains("Error: ", StringComparison.Ordinal))
        {
            throw new WhatsAppCallException(PageErrorMessage(ex.Message), ex);
        }
    }

    /// <summary>The call's own answer; the events that came with it are handed on even when the caller gave up waiting.</summary>
    private async Task<JsonElement> EvaluateAsync(string expression, object? argument)
    {
        var answer = await Page.EvaluateAsync<string>(expression, argument);
        using var document = JsonDocument.Parse(answer);
        if (document.RootElement.GetProperty("e") is { ValueKind: JsonValueKind.Object } batch) Deliver(batch);
        // A copy that outlives the document, so the answer is not parsed a second time.
        return document.RootElement.GetProperty("r").Clone();
    }

    /// <summary>Waits for <paramref name="task"/> until cancelled; an abandoned task's later failure is observed and dropped.</summary>
    private static async Task<T> Abandonable<T>(Task<T> task, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _ = task.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>A rejected WPP promise reaches us as "Error: chat not found\n    at ..."; keep the reason only.</summary>
    private static string PageErrorMessage(string playwrightMessage)
    {
        var start = playwrightMessage.IndexOf("Error: ", StringComparison.Ordinal) + "Error: ".Length;
        var end = playwrightMessage.IndexOf('\n', start);
        return (end < 0 ? playwrightMessage[start..] : playwrightMessage[start..end]).Trim();
    }

    private void OnEmit(string json)
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
        using var stream = typeof(PlaywrightWhatsAppDriver).Assembly.GetManifestResourceStream("WhatsPortal.Engine.whatsapp-bridge.js")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record ContactFound(string Id);
}

/// <summary>WPP rejected a call; the message is WhatsApp Web's reason (e.g. "chat not found").</summary>
public sealed class WhatsAppCallException(string message, Exception? inner = null) : Exception(message, inner);
