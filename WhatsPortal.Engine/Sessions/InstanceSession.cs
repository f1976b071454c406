using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Contacts;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Engine.Events;
using WhatsPortal.Engine.Outbound;

namespace WhatsPortal.Engine.Sessions;

/// <summary>
/// Keeps one instance's WhatsApp Web page alive: launches Chromium, follows the page through
/// starting → qr → connecting → connected, stores what arrives, runs the sender while connected, and
/// relaunches with backoff (reconnecting) when the page dies, hangs or drops its connection.
/// Everything that changes the state runs on one loop, one event at a time.
/// The session runs under a lease (<see cref="LeaseGrant"/>) it renews every third of its duration; every status and
/// send write checks it, and once it is lost the browser is killed at once and the session writes nothing more.
/// </summary>
internal sealed class InstanceSession
{
    private readonly SessionDependencies _deps;
    private readonly EngineOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    // Held while a message is sent and its result saved, and while WhatsApp's events about messages are
    // stored: the echo of our own send is then always recognized as the row we just sent.
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    // Number checks go to WhatsApp one at a time, Engine:NumberCheckIntervalMs (+ jitter) apart, whoever asks.
    private readonly SemaphoreSlim _checkGate = new(1, 1);
    private DateTimeOffset? _previousCheckAt;
    // Contacts whose presence was asked for: WhatsApp forgets them when the page reconnects, this session does not.
    private readonly HashSet<string> _presenceSubscriptions = new(StringComparer.Ordinal);
    private Channel<DriverEvent>? _events;
    private IWhatsAppDriver? _driver;
    private OutboundDispatcher? _dispatcher;
    private InstanceStatus _stopStatus = InstanceStatus.Stopped;
    private string? _stopReason;
    private string? _logoutReason;
    private DateTimeOffset _connectingSince;
    private int _notReadyChecks;
    private bool _shownQr;
    // Connected at least once in this run: only then does the profile hold a session worth storing.
    private bool _connectedOnce;
    // Replaced by each renewal (with its new ValidUntil), read by the sender's thread.
    private volatile LeaseGrant _lease;
    private int _leaseLost;

    public InstanceSession(Guid instanceId, Guid tenantId, InstanceStatus persistedStatus, LeaseGrant lease, SessionDependencies deps)
    {
        InstanceId = instanceId;
        _lease = lease;
        TenantId = tenantId;
        Status = persistedStatus;
        _deps = deps;
        _options = deps.Options.Value;
        _logger = deps.LoggerFactory.CreateLogger<InstanceSession>();
    }

    public Guid InstanceId { get; }
    public Guid TenantId { get; }
    public InstanceStatus Status { get; private set; }

    /// <summary>The QR to scan while in <see cref="InstanceStatus.Qr"/>.</summary>
    public QrCode? Qr { get; private set; }

    /// <summary>Completes when the session has ended and its browser is closed.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    private bool LeaseLost => Volatile.Read(ref _leaseLost) == 1;

    /// <summary>
    /// The lease to act under: as it is until its last renewal runs out on this node's clock; past that (the node was
    /// suspended, or its clock jumped) renewed first, which succeeds only when no other node took it meanwhile.
    /// </summary>
    /// <exception cref="LeaseLostException">Lost, or ran out and could not be renewed.</exception>
    private async Task<LeaseGrant> ActingLeaseAsync(CancellationToken cancellationToken)
    {
        var lease = _lease;
        if (LeaseLost) throw new LeaseLostException(lease);
        if (_deps.Time.GetUtcNow() < lease.ValidUntil) return lease;
        DateTimeOffset? until;
        try
        {
            until = await _deps.Ownership.RenewAsync(lease, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new LeaseLostException(InstanceId, $"The lease of instance {InstanceId} ran out and could not be renewed: {ex.Message}");
        }
        if (until is null) throw new LeaseLostException(lease);
        return _lease = lease with { ValidUntil = until.Value };
    }

    public void Start() => Completion = Task.Run(async () =>
    {
        using var renewal = new CancellationTokenSource();
        var renewing = Task.Run(() => RenewLeaseAsync(renewal.Token), CancellationToken.None);
        try
        {
            await RunAsync();
        }
        finally
        {
            await renewal.CancelAsync();
            await ObserveAsync(renewing, "lease renewal");
            // Released only once the browser is closed, so another node cannot open the device while this one still has it.
            if (!LeaseLost) await ReleaseLeaseAsync();
        }
    });

    private async Task ReleaseLeaseAsync()
    {
        try
        {
            await _deps.Ownership.ReleaseAsync(_lease, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Unreleased, the lease runs out on its own: another node waits at most Engine:LeaseDuration.
            _logger.LogWarning(ex, "Instance {InstanceId} could not release its lease", InstanceId);
        }
    }

    /// <summary>
    /// Renews the lease every third of its duration. Refused (another node or epoch holds it): lost. The database
    /// unreachable: the session keeps running until the lease it last wrote runs out, since no node may take it before
    /// then, and is ended when it does, since one may after. A short outage therefore costs no relaunch.
    /// </summary>
    private async Task RenewLeaseAsync(CancellationToken stopping)
    {
        var interval = _options.LeaseDuration / 3;
        using var timer = new PeriodicTimer(interval, _deps.Time);
        while (await timer.WaitForNextTickAsync(stopping))
        {
            if (LeaseLost) return;
            var lease = _lease;
            var left = lease.ValidUntil - _deps.Time.GetUtcNow();
            try
            {
                // Bounded by what is left of the lease; past it (a suspended node waking) the renewal still decides:
                // it finds the epoch unchanged only when no other node took the lease meanwhile.
                if (await _deps.Ownership.RenewAsync(lease, stopping).WaitAsync(left > TimeSpan.Zero ? left : interval, _deps.Time, stopping) is not { } until)
                {
                    LoseLease("another node or a newer epoch holds it");
                    return;
                }
                _lease = lease with { ValidUntil = until };
            }
            catch (TimeoutException)
            {
                LoseLease("it ran out while the database did not answer the renewal");
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (left <= TimeSpan.Zero)
                {
                    LoseLease($"it ran out and the database could not be reached to renew it ({ex.Message})");
                    return;
                }
                _logger.LogWarning(ex, "Instance {InstanceId} could not renew its lease; it keeps running until {ValidUntil:O}", InstanceId, lease.ValidUntil);
            }
        }
    }

    /// <summary>
    /// The instance is no longer this session's: its browser is killed at once (not closed, which could still send),
    /// the session ends, and nothing more is written for it, neither a status nor the lease's release.
    /// </summary>
    private void LoseLease(string why)
    {
        if (Interlocked.Exchange(ref _leaseLost, 1) == 1) return;
        _logger.LogWarning("Instance {InstanceId} lost its lease (node {Node}, epoch {Epoch}): {Why}; killing its browser",
            InstanceId, _lease.Node, _lease.Epoch, why);
        KillBrowser();
        _stop.Cancel();
    }

    private void KillBrowser() => ChromiumLeftovers.EndBrowsersUsing(_deps.Paths.ProfileDirectory(InstanceId), _logger);

    /// <summary>Stops the session (an in-flight send finishes first) and records <paramref name="status"/>.</summary>
    public async Task StopAsync(InstanceStatus status, string? reason)
    {
        _stopStatus = status;
        _stopReason = reason;
        await _stop.CancelAsync();
        await Completion;
    }

    /// <summary>Logs the device out of WhatsApp and ends the session as logged_out.</summary>
    public async Task LogoutAsync()
    {
        if (_events is not { } events || !events.Writer.TryWrite(new LogoutRequested()))
            throw new InstanceStateException("The instance has no open WhatsApp Web page to log out from.");
        await Completion;
    }

    public async Task<string> RequestPairingCodeAsync(string phoneNumber, CancellationToken cancellationToken)
    {
        if (Status != InstanceStatus.Qr || _driver is not { } driver)
            throw new InstanceStateException("A pairing code can only be asked for while the instance shows a QR code (it is {0}).", Name(Status));
        var code = await driver.RequestPairingCodeAsync(phoneNumber, cancellationToken);
        try
        {
            await _deps.Status.NoteAsync(TenantId, InstanceId, "pairing_code", InstanceEventLevel.Info, $"Pairing code requested for {phoneNumber}.", _lease, cancellationToken);
        }
        catch (LeaseLostException ex)
        {
            LoseLease(ex.Message);
            throw new InstanceStateException("The instance is now run by another node; ask there again.");
        }
        return code;
    }

    public async Task MarkChatReadAsync(string chatId, CancellationToken cancellationToken)
    {
        if (Status != InstanceStatus.Connected || _driver is not { } driver)
            throw new InstanceStateException("Chats can only be marked read while the instance is connected (it is {0}).", Name(Status));
        await driver.MarkReadAsync(chatId, cancellationToken);
    }

    /// <summary>The id WhatsApp knows <paramref name="chatId"/> by, or null; asked no sooner than the pacing allows after the previous check.</summary>
    public async Task<string?> QueryExistsPacedAsync(string chatId, CancellationToken cancellationToken)
    {
        await _checkGate.WaitAsync(cancellationToken);
        try
        {
            var gap = SendPacing.Gap(_options.NumberCheckIntervalMs, _options.NumberCheckJitterMs, Random.Shared);
            var wait = SendPacing.Wait(_previousCheckAt, gap, _deps.Time.GetUtcNow());
            if (wait > TimeSpan.Zero) await Task.Delay(wait, _deps.Time, cancellationToken);
            var driver = ConnectedDriver();
            try
            {
                return await driver.QueryExistsAsync(chatId, cancellationToken);
            }
            finally
            {
                _previousCheckAt = _deps.Time.GetUtcNow();
            }
        }
        finally
        {
            _checkGate.Release();
        }
    }

    /// <summary>Presence of these contacts arrives as <see cref="PresenceUpdated"/> from now on, after reconnects too.</summary>
    /// <returns>The ids WhatsApp knows the contacts by.</returns>
    public async Task<IReadOnlyList<string>> SubscribePresenceAsync(IReadOnlyList<string> chatIds, CancellationToken cancellationToken)
    {
        var subscribed = await ConnectedDriver().SubscribePresenceAsync(chatIds, cancellationToken);
        lock (_presenceSubscriptions) _presenceSubscriptions.UnionWith(subscribed);
        return subscribed;
    }

    public Task SetChatStateAsync(string chatId, ChatState state, CancellationToken cancellationToken) =>
        ConnectedDriver().SetChatStateAsync(chatId, state, cancellationToken);

    public Task<string?> GetProfilePictureUrlAsync(string chatId, CancellationToken cancellationToken) =>
        ConnectedDriver().GetProfilePictureUrlAsync(chatId, cancellationToken);

    public Task<bool> SetBlockedAsync(string chatId, bool blocked, CancellationToken cancellationToken) =>
        ConnectedDriver().SetBlockedAsync(chatId, blocked, cancellationToken);

    public Task<bool> IsBlockedAsync(string chatId, CancellationToken cancellationToken) =>
        ConnectedDriver().IsBlockedAsync(chatId, cancellationToken);

    public Task MarkChatUnreadAsync(string chatId, CancellationToken cancellationToken) =>
        ConnectedDriver().MarkUnreadAsync(chatId, cancellationToken);

    public Task SetChatArchivedAsync(string chatId, bool archived, CancellationToken cancellationToken) =>
        ConnectedDriver().SetArchivedAsync(chatId, archived, cancellationToken);

    /// <summary>The page, for what only a connected WhatsApp can do.</summary>
    internal IWhatsAppDriver ConnectedDriver() => Status == InstanceStatus.Connected && _driver is { } driver
        ? driver
        : throw new InstanceStateException("This needs the instance connected to WhatsApp (it is {0}).", Name(Status));

    /// <summary>A message was queued for this instance.</summary>
    public void NotifyQueued() => _dispatcher?.Wake();

    private async Task RunAsync()
    {
        var stopping = _stop.Token;
        var failures = 0;
        await TransitionAsync(InstanceStatus.Starting, null);
        await RestoreSessionAsync(stopping);
        while (true)
        {
            SessionEnd end;
            try
            {
                end = await RunPageAsync(onConnected: () => failures = 0, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                end = SessionEnd.Stopped;
            }
            catch (ChromiumNotFoundException ex)
            {
                end = SessionEnd.Failed(ex.Message);
            }
            catch (LeaseLostException ex)
            {
                LoseLease(ex.Message);
                end = SessionEnd.Stopped;
            }
            catch (Exception ex)
            {
                // Whatever went wrong, the supervisor's promise is to try again: relaunch with backoff.
                _logger.LogError(ex, "Instance {InstanceId} failed while running its page", InstanceId);
                end = SessionEnd.Lost(ex.Message.Split('\n')[0]);
            }

            if (LeaseLost)
            {
                // A launch under way when the lease was lost may have started its browser after the kill.
                KillBrowser();
                return;
            }
            switch (end.Kind)
            {
                case EndKind.Stopped:
                    await StoppedAsync();
                    return;
                // Both need a person (a new QR scan), so the instance no longer starts with the app.
                case EndKind.LoggedOut:
                    // The credentials in the profile are dead; a fresh profile shows a fresh QR next time.
                    await ForgetSessionAsync();
                    await TransitionAsync(InstanceStatus.LoggedOut, end.Reason, instance => instance.AutoStart = false);
                    return;
                case EndKind.Failed:
                    await TransitionAsync(InstanceStatus.Failed, end.Reason, instance => instance.AutoStart = false);
                    return;
            }

            failures++;
            var delay = ReconnectBackoff.Delay(failures, _options.ReconnectMinDelay, _options.ReconnectMaxDelay, Random.Shared);
            _logger.LogWarning("Instance {InstanceId} lost its page ({Reason}); relaunching in {Delay} (failure {Failures})", InstanceId, end.Reason, delay, failures);
            // The wait starts before "reconnecting" is recorded: whoever sees that status and moves the clock moves this wait too.
            var backoff = Task.Delay(delay, _deps.Time, stopping);
            await TransitionAsync(InstanceStatus.Reconnecting, end.Reason);
            try
            {
                await backoff;
            }
            catch (OperationCanceledException)
            {
                await StoppedAsync();
                return;
            }
        }
    }

    private async Task<SessionEnd> RunPageAsync(Action onConnected, CancellationToken stopping)
    {
        var events = Channel.CreateUnbounded<DriverEvent>(new() { SingleReader = true });
        _events = events;
        _logoutReason = null;
        _notReadyChecks = 0;
        await using var driver = await _deps.Drivers.LaunchAsync(InstanceId, e => events.Writer.TryWrite(e), stopping);
        _driver = driver;
        using var dispatcherStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var dispatcherRun = Task.CompletedTask;
        using var health = new PeriodicTimer(_options.HealthCheckInterval, _deps.Time);
        var ticks = TickAsync(health, events.Writer, new HealthCheckDue(), stopping);
        using var snapshots = new PeriodicTimer(_options.SessionSnapshotInterval, _deps.Time);
        var snapshotTicks = TickAsync(snapshots, events.Writer, new SnapshotDue(), stopping);
        try
        {
            var state = await driver.GetStateAsync(stopping);
            if (!state.Authenticated)
            {
                // Real WhatsApp Web may need a moment for its first QR: without one yet, the next
                // conn.auth_code_change brings it.
                await ShowQrAsync(await driver.GetAuthCodeAsync(stopping));
            }
            else
            {
                await EnterConnectingAsync();
            }

            if (state.MainReady) events.Writer.TryWrite(new MainReady());

            await foreach (var e in events.Reader.ReadAllAsync(stopping))
            {
                var end = await HandleAsync(driver, e, stopping);
                if (end is not null) return end;
                if (_dispatcher is { } dispatcher && dispatcherRun == Task.CompletedTask && Status == InstanceStatus.Connected)
                {
                    onConnected();
                    dispatcherRun = Task.Run(() => dispatcher.RunAsync(dispatcherStop.Token), CancellationToken.None);
                    // The sender only returns on its own when the page stopped working (relaunch it) or the lease was lost.
                    _ = dispatcherRun.ContinueWith(run =>
                        {
                            if (run.Exception?.InnerException is LeaseLostException lost) LoseLease(lost.Message);
                            else events.Writer.TryWrite(new PageLost("sending found WhatsApp Web not connected"));
                        },
                        CancellationToken.None, TaskContinuationOptions.NotOnCanceled, TaskScheduler.Default);
                }
            }
            return SessionEnd.Stopped;
        }
        finally
        {
            // Nothing may be posted to a page that is going away (a logout request would wait forever).
            _events = null;
            events.Writer.TryComplete();
            _driver = null;
            health.Dispose();
            snapshots.Dispose();
            await dispatcherStop.CancelAsync();
            await ObserveAsync(dispatcherRun, "sender");
            _dispatcher = null;
            await ObserveAsync(ticks, "health timer");
            await ObserveAsync(snapshotTicks, "snapshot timer");
            if (Qr is not null) ClearQr();
        }
    }

    private async Task<SessionEnd?> HandleAsync(IWhatsAppDriver driver, DriverEvent e, CancellationToken stopping)
    {
        switch (e)
        {
            case AuthCodeChanged { FullCode: { } code }:
                if (Status is not (InstanceStatus.Connecting or InstanceStatus.Connected)) await ShowQrAsync(code);
                return null;
            case AuthCodeChanged:
                // Null means either "authenticated" or "nobody scanned in time"; only the page knows which.
                return Status == InstanceStatus.Qr && _shownQr && !(await driver.GetStateAsync(stopping)).Authenticated ? QrAttemptsEnded() : null;
            case Authenticated:
                await EnterConnectingAsync();
                return null;
            case MainReady:
                await EnterConnectedAsync(driver, stopping);
                return null;
            case LogoutReasonReported reason:
                _logoutReason = reason.Reason;
                return null;
            case LoggedOut:
                return LoggedOutByWhatsApp();
            case LogoutRequested:
                return await LogOutAsync(driver);
            case MessageArrived arrived:
                await StoreAsync(arrived, () => _deps.Inbound.RecordMessageAsync(TenantId, InstanceId, arrived.Message, live: true, stopping), stopping);
                return null;
            case AckChanged ack:
                var acks = WithFollowingAcks(ack);
                await StoreAsync(ack, () => _deps.Inbound.ApplyAcksAsync(TenantId, InstanceId, acks, stopping), stopping);
                return null;
            case MessageRevoked revoked:
                await StoreAsync(revoked, () => _deps.Inbound.RevokeAsync(TenantId, InstanceId, revoked, stopping), stopping);
                return null;
            case ReactionChanged reaction:
                await StoreAsync(reaction, () => _deps.Inbound.ReactAsync(TenantId, InstanceId, reaction, stopping), stopping);
                return null;
            case MessageEdited edited:
                await StoreAsync(edited, () => _deps.Inbound.EditAsync(TenantId, InstanceId, edited.Message, stopping), stopping);
                return null;
            case PollVoted vote:
                await StoreAsync(vote, () => _deps.Inbound.RecordPollVoteAsync(TenantId, InstanceId, vote, stopping), stopping);
                return null;
            case PresenceChanged presence:
                _deps.Events.Publish(new PresenceUpdated(TenantId, InstanceId, _deps.Time.GetUtcNow().UtcDateTime, presence.ChatId, presence.State, presence.IsOnline));
                return null;
            case GroupParticipantsChanged changed:
                await StoreAsync(changed, () => _deps.Inbound.RecordAsync(new GroupParticipantsUpdated(TenantId, InstanceId, _deps.Time.GetUtcNow().UtcDateTime,
                    changed.GroupId, changed.Action, changed.Author, changed.Participants), stopping), stopping);
                return null;
            case GroupUpdatedInPage updated:
                await StoreAsync(updated, () => _deps.Inbound.RecordAsync(new GroupUpdated(TenantId, InstanceId, _deps.Time.GetUtcNow().UtcDateTime,
                    updated.GroupId, updated.Change, updated.Value, updated.Author), stopping), stopping);
                return null;
            case PageLost lost:
                return SessionEnd.Lost($"Browser lost: {lost.Reason}.");
            case BridgeError error:
                _logger.LogWarning("The page bridge of instance {InstanceId} failed on an event: {Error}", InstanceId, error.Error);
                return null;
            case HealthCheckDue:
                return await CheckHealthAsync(driver, stopping);
            case SnapshotDue when Status == InstanceStatus.Connected:
                await StoreSessionAsync(stopping);
                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// <paramref name="first"/> and the acks queued right behind it: while the engine sends, a page batch carries a
    /// delivered and a read ack per message, and one read and one commit serve them all.
    /// </summary>
    private List<AckChanged> WithFollowingAcks(AckChanged first)
    {
        var acks = new List<AckChanged> { first };
        while (_events is { } events && events.Reader.TryPeek(out var next) && next is AckChanged following && events.Reader.TryRead(out _))
            acks.Add(following);
        return acks;
    }

    private async Task StoreAsync(DriverEvent e, Func<Task> store, CancellationToken stopping)
    {
        await _sendGate.WaitAsync(stopping);
        try
        {
            await store();
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException)
        {
            // One event that cannot be stored must not take the instance down.
            _logger.LogError(ex, "Instance {InstanceId} could not store {Event}", InstanceId, e.GetType().Name);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private SessionEnd LoggedOutByWhatsApp() =>
        SessionEnd.LoggedOut(_logoutReason is { } r ? $"Logged out by WhatsApp ({r})." : "Logged out by WhatsApp (the device was unlinked).");

    private async Task<SessionEnd?> CheckHealthAsync(IWhatsAppDriver driver, CancellationToken stopping)
    {
        if (!driver.IsAlive) return SessionEnd.Lost("Browser lost: the page is gone.");
        ConnectionState state;
        try
        {
            state = await driver.ProbeAsync(stopping).WaitAsync(_options.HealthCheckTimeout, stopping);
        }
        catch (TimeoutException)
        {
            return SessionEnd.Lost($"WhatsApp Web did not answer within {_options.HealthCheckTimeout}.");
        }
        catch (Exception ex) when (ex is BrowserException or WhatsAppCallException)
        {
            return SessionEnd.Lost($"WhatsApp Web failed a health check: {ex.Message.Split('\n')[0]}");
        }

        switch (Status)
        {
            case InstanceStatus.Connected when !state.MainReady:
                // One miss can be a moment of reconnection inside WhatsApp Web; two in a row is a dropped connection,
                // unless the credentials went too: WhatsApp unlinked the device and its logout event is still on its way
                // (late on a busy machine), and a relaunch would only show a QR.
                if (++_notReadyChecks < 2) return null;
                return state.Authenticated ? SessionEnd.Lost("WhatsApp Web lost its connection (not main-ready).") : LoggedOutByWhatsApp();
            case InstanceStatus.Qr when state.Authenticated:
                await EnterConnectingAsync();
                break;
            case InstanceStatus.Connecting when state.MainReady:
                _events?.Writer.TryWrite(new MainReady());
                break;
            case InstanceStatus.Connecting when _deps.Time.GetUtcNow() - _connectingSince > _options.ConnectTimeout:
                return SessionEnd.Lost($"Authenticated but WhatsApp Web was not ready after {_options.ConnectTimeout}.");
        }
        _notReadyChecks = 0;
        return null;
    }

    private async Task<SessionEnd> LogOutAsync(IWhatsAppDriver driver)
    {
        try
        {
            await driver.LogoutAsync(CancellationToken.None).WaitAsync(_options.HealthCheckTimeout);
        }
        catch (Exception ex) when (ex is BrowserException or WhatsAppCallException or TimeoutException)
        {
            // The profile is deleted below either way, so this device cannot come back.
            _logger.LogWarning("Instance {InstanceId}: WhatsApp Web did not confirm the logout: {Error}", InstanceId, ex.Message);
        }
        return SessionEnd.LoggedOut("Logged out from the portal (user_initiated).");
    }

    private async Task EnterConnectedAsync(IWhatsAppDriver driver, CancellationToken stopping)
    {
        if (Status == InstanceStatus.Connected) return;
        var me = (await driver.GetStateAsync(stopping)).Me;
        await TransitionAsync(InstanceStatus.Connected, null, instance =>
        {
            if (me is not null) instance.WhatsAppId = me;
            instance.LastActivityAt = _deps.Time.GetUtcNow().UtcDateTime;
        });
        if (Qr is not null) ClearQr();
        // From here a stop stores the session, even one that comes before the snapshot below.
        _connectedOnce = true;

        // The sender starts after this (see RunPageAsync). In-flight messages are settled before history
        // is imported, which would otherwise store such a message as if sent from another device.
        var dispatcher = new OutboundDispatcher(InstanceId, ActingLeaseAsync, driver, _sendGate, _deps.Outbound, _deps.Actions, _deps.Databases, _deps.Paths,
            _deps.Time, _options, _deps.LoggerFactory.CreateLogger<OutboundDispatcher>());
        _dispatcher = dispatcher;
        await _sendGate.WaitAsync(stopping);
        try
        {
            await dispatcher.ReconcileInFlightAsync(stopping);
            await _deps.Inbound.ImportHistoryAsync(TenantId, InstanceId, driver, stopping);
        }
        catch (Exception ex) when (ex is WhatsAppCallException or BrowserException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            _logger.LogWarning(ex, "Instance {InstanceId} could not import its recent history", InstanceId);
        }
        finally
        {
            _sendGate.Release();
        }
        await ResubscribePresenceAsync(driver, stopping);
        // Right after a link (or a relaunch) the profile holds the device's keys: store them before anything can lose them.
        await StoreSessionAsync(stopping);
    }

    /// <summary>A new page (a relaunch, a reconnect) has forgotten the presence subscriptions: ask again.</summary>
    private async Task ResubscribePresenceAsync(IWhatsAppDriver driver, CancellationToken stopping)
    {
        string[] ids;
        lock (_presenceSubscriptions) ids = [.. _presenceSubscriptions];
        if (ids.Length == 0) return;
        try
        {
            await driver.SubscribePresenceAsync(ids, stopping);
        }
        catch (Exception ex) when (ex is WhatsAppCallException or BrowserException)
        {
            _logger.LogWarning(ex, "Instance {InstanceId} could not subscribe again to the presence of {Count} contacts", InstanceId, ids.Length);
        }
    }

    private async Task EnterConnectingAsync()
    {
        if (Status is InstanceStatus.Connecting or InstanceStatus.Connected) return;
        _connectingSince = _deps.Time.GetUtcNow();
        await TransitionAsync(InstanceStatus.Connecting, null);
        if (Qr is not null) ClearQr();
    }

    private async Task ShowQrAsync(string? code)
    {
        if (Status != InstanceStatus.Qr)
        {
            _shownQr = false;
            await TransitionAsync(InstanceStatus.Qr, null);
        }
        if (code is null) return;
        var now = _deps.Time.GetUtcNow().UtcDateTime;
        Qr = new QrCode(code, now + (_shownQr ? _options.NextQrLifetime : _options.FirstQrLifetime));
        _shownQr = true;
        _deps.Events.Publish(new QrCodeChanged(TenantId, InstanceId, now, Qr));
    }

    private void ClearQr()
    {
        Qr = null;
        _deps.Events.Publish(new QrCodeChanged(TenantId, InstanceId, _deps.Time.GetUtcNow().UtcDateTime, null));
    }

    private static SessionEnd QrAttemptsEnded() =>
        SessionEnd.Failed("QR attempts ended: nobody scanned the QR code in time. Start the instance again for a new one.");

    private async Task TransitionAsync(InstanceStatus to, string? reason, Action<Instance>? change = null)
    {
        if (LeaseLost) return;
        var from = Status;
        Status = to;
        try
        {
            await _deps.Status.TransitionAsync(InstanceId, to, reason, change, _lease);
        }
        catch (LeaseLostException ex)
        {
            LoseLease(ex.Message);
        }
        catch (InstanceNotFoundException)
        {
            _logger.LogInformation("Instance {InstanceId} was deleted; not recording {FromStatus} → {ToStatus}", InstanceId, from, to);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database being briefly unavailable must not stop the instance; the next transition writes again.
            _logger.LogError(ex, "Instance {InstanceId} could not record {FromStatus} → {ToStatus}", InstanceId, from, to);
        }
    }

    /// <summary>The session ended on purpose: its browser is closed, so the profile's files are final and worth storing.</summary>
    private async Task StoppedAsync()
    {
        if (_connectedOnce) await StoreSessionAsync(CancellationToken.None);
        await TransitionAsync(_stopStatus, _stopReason);
    }

    /// <summary>Before the first launch: a newer snapshot (another node ran the instance, or this node never did) replaces the profile.</summary>
    private async Task RestoreSessionAsync(CancellationToken stopping)
    {
        try
        {
            await _deps.Snapshots.RestoreIfNewerAsync(InstanceId, stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The local profile may still hold a session; without one the page shows a QR, which says what happened.
            _logger.LogError(ex, "Instance {InstanceId} could not restore its session snapshot", InstanceId);
        }
    }

    private async Task StoreSessionAsync(CancellationToken stopping)
    {
        try
        {
            await _deps.Snapshots.TakeAsync(InstanceId, stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A snapshot that cannot be stored now is taken at the next interval or stop; the instance runs on.
            _logger.LogError(ex, "Instance {InstanceId} could not store its session snapshot", InstanceId);
        }
    }

    private async Task ForgetSessionAsync()
    {
        try
        {
            await _deps.Snapshots.ForgetAsync(InstanceId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or System.Data.Common.DbException)
        {
            _logger.LogError(ex, "Could not forget the session of logged-out instance {InstanceId} (profile or snapshots)", InstanceId);
        }
    }

    private static async Task TickAsync(PeriodicTimer timer, ChannelWriter<DriverEvent> events, DriverEvent tick, CancellationToken stopping)
    {
        while (await timer.WaitForNextTickAsync(stopping)) events.TryWrite(tick);
    }

    private async Task ObserveAsync(Task task, string what)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }
        catch (LeaseLostException)
        {
            // Already handled: the session ended as one that lost its lease.
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The {Part} of instance {InstanceId} failed", what, InstanceId);
        }
    }

    private static string Name(InstanceStatus status) => WhatsPortal.Data.SnakeCaseEnum<InstanceStatus>.Name(status);

    private sealed record HealthCheckDue : DriverEvent;

    private sealed record SnapshotDue : DriverEvent;

    private sealed record LogoutRequested : DriverEvent;

    private enum EndKind { Stopped, Lost, LoggedOut, Failed }

    private sealed record SessionEnd(EndKind Kind, string? Reason)
    {
        public static readonly SessionEnd Stopped = new(EndKind.Stopped, null);
        public static SessionEnd Lost(string reason) => new(EndKind.Lost, reason);
        public static SessionEnd LoggedOut(string reason) => new(EndKind.LoggedOut, reason);
        public static SessionEnd Failed(string reason) => new(EndKind.Failed, reason);
    }
}
