using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Contacts;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Engine.Events;
using WhatsPortal.Engine.Outbound;

namespace WhatsPortal.Engine.Sessions;

/// <summary>
/// The sessions of this node: caps how many run (MaxInstances), serves the operations the instances' grains
/// (<see cref="Cluster.InstanceGrain"/>) pass on, and stops everything gracefully on shutdown. Which node runs an
/// instance is the grains' business; the reconciler starts the AutoStart instances. Health checks and relaunches with
/// backoff happen inside each session.
/// </summary>
internal sealed partial class InstanceSupervisor(
    SessionDependencies deps,
    NumberChecks numberChecks,
    ILogger<InstanceSupervisor> logger) : IHostedService
{
    private readonly ConcurrentDictionary<Guid, InstanceSession> _sessions = new();
    // Start/stop/delete of instances happen one at a time, so the cap and the session table stay consistent.
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly CancellationTokenSource _stopWatching = new();
    private Task _queueWatch = Task.CompletedTask;
    private EngineOptions Options => deps.Options.Value;

    /// <summary>An operator drained this node: it starts no session (the grains of its sessions moved to other nodes).</summary>
    public bool Draining { get; set; }

    /// <summary>The instances whose session runs on this node now.</summary>
    public IReadOnlyList<Guid> Running => [.. _sessions.Where(s => !s.Value.Completion.IsCompleted).Select(s => s.Key)];

    public bool IsRunning(Guid instanceId) => _sessions.TryGetValue(instanceId, out var session) && !session.Completion.IsCompleted;

    async Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        await using var db = deps.Databases.AcrossTenants();
        // Rows still saying "connected" etc. describe a process that is gone, unless another node holds the instance's lease.
        // Those marked to run say they are coming back (the reconciler starts them), the others that they stopped: the
        // API and the portal read the row, and must not show a session that no longer exists as connected.
        var node = deps.Cluster.Value.NodeName;
        var now = deps.Time.GetUtcNow().UtcDateTime;
        var stale = await db.Instances.Where(i => i.Status != InstanceStatus.Stopped && !(i.AutoStart && i.Status == InstanceStatus.Reconnecting)
                && i.Status != InstanceStatus.LoggedOut && i.Status != InstanceStatus.Failed
                && !db.InstanceLeases.Any(l => l.InstanceId == i.Id && l.Node != node && l.ExpiresAt > now))
            .Select(i => new { i.Id, i.AutoStart }).ToListAsync(cancellationToken);
        foreach (var instance in stale)
            await deps.Status.TransitionAsync(instance.Id, instance.AutoStart ? InstanceStatus.Reconnecting : InstanceStatus.Stopped, "The engine restarted.", cancellationToken: cancellationToken);
        _queueWatch = Task.Run(() => WatchQueuesAsync(_stopWatching.Token), CancellationToken.None);
    }

    async Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        await _stopWatching.CancelAsync();
        await _queueWatch;
        logger.LogInformation("Engine stopping {Count} instances", _sessions.Count);
        // AutoStart is left as it is: these instances start again with the app.
        await Task.WhenAll(_sessions.Values.Select(s => s.StopAsync(InstanceStatus.Stopped, "The engine shut down.")));
        _sessions.Clear();
    }

    public async Task StartAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        if (!await TryStartAsync(instanceId, onlyMarkedToRun: false, cancellationToken))
            throw new InstanceStateException("The instance runs on another node.");
    }

    /// <summary>
    /// The reconciler's start: only an instance still marked to run (a user may have stopped it since the reconciler
    /// looked), and one that cannot start here is marked failed, as a start at boot was.
    /// </summary>
    public async Task EnsureRunningAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await TryStartAsync(instanceId, onlyMarkedToRun: true, cancellationToken);
        }
        catch (InstanceStateException ex)
        {
            await using var db = deps.Databases.AcrossTenants();
            if (await db.Instances.AnyAsync(i => i.Id == instanceId && i.Status != InstanceStatus.Failed, cancellationToken))
                await deps.Status.TransitionAsync(instanceId, InstanceStatus.Failed, ex.Message, cancellationToken: cancellationToken);
        }
    }

    /// <returns>False when another node owns the instance, or (<paramref name="onlyMarkedToRun"/>) it is not marked to run.</returns>
    private async Task<bool> TryStartAsync(Guid instanceId, bool onlyMarkedToRun, CancellationToken cancellationToken)
    {
        return await UnderLifecycleLockAsync(async () =>
        {
            if (_sessions.TryGetValue(instanceId, out var running) && !running.Completion.IsCompleted) return true;
            if (Draining) throw new InstanceStateException("This node is being drained; it starts no instance.");
            if (_sessions.Values.Count(s => !s.Completion.IsCompleted) >= Options.MaxInstances)
                throw new InstanceStateException("This node already runs {0} instances (Engine:MaxInstances); stop one first or raise the limit.", Options.MaxInstances);

            Instance instance;
            if (onlyMarkedToRun)
            {
                await using var db = deps.Databases.AcrossTenants();
                instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken) ?? throw new InstanceNotFoundException(instanceId);
                if (!instance.AutoStart) return false;
            }
            else instance = await SetAutoStartAsync(instanceId, true, cancellationToken);
            if (await deps.Ownership.TryClaimAsync(instanceId, cancellationToken) is not { } lease) return false;
            var session = new InstanceSession(instanceId, instance.TenantId, instance.Status, lease, deps);
            _sessions[instanceId] = session;
            session.Start();
            // Sessions that end on their own (logged out, QR attempts ended) leave the table; the session releases its claim.
            _ = session.Completion.ContinueWith(_ => _sessions.TryRemove(new KeyValuePair<Guid, InstanceSession>(instanceId, session)), TaskScheduler.Default);
            return true;
        }, cancellationToken);
    }

    public async Task StopAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await UnderLifecycleLockAsync(async () =>
        {
            var instance = await SetAutoStartAsync(instanceId, false, cancellationToken);
            if (_sessions.TryRemove(instanceId, out var session) && !session.Completion.IsCompleted) await session.StopAsync(InstanceStatus.Stopped, "Stopped by a user.");
            else if (instance.Status != InstanceStatus.Stopped) await deps.Status.TransitionAsync(instanceId, InstanceStatus.Stopped, "Stopped by a user.", cancellationToken: cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Stops the session here, keeping AutoStart, so that another node starts it (a drain, a grain leaving this node).</summary>
    public async Task ReleaseAsync(Guid instanceId, string reason)
    {
        await UnderLifecycleLockAsync(async () =>
        {
            if (_sessions.TryRemove(instanceId, out var session) && !session.Completion.IsCompleted) await session.StopAsync(InstanceStatus.Stopped, reason);
        }, CancellationToken.None);
    }

    public async Task RestartAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await UnderLifecycleLockAsync(async () =>
        {
            if (_sessions.TryRemove(instanceId, out var session)) await session.StopAsync(InstanceStatus.Stopped, "Restarting.");
        }, cancellationToken);
        await StartAsync(instanceId, cancellationToken);
    }

    public async Task LogoutAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await UnderLifecycleLockAsync(async () =>
        {
            await SetAutoStartAsync(instanceId, false, cancellationToken);
            if (_sessions.TryRemove(instanceId, out var session) && !session.Completion.IsCompleted)
            {
                try
                {
                    await session.LogoutAsync();
                    return;
                }
                catch (InstanceStateException)
                {
                    // Between pages (reconnecting): nothing to log out from; forget the login below.
                    await session.StopAsync(InstanceStatus.Stopped, "Logging out.");
                }
            }
            await deps.Snapshots.ForgetAsync(instanceId, cancellationToken);
            await deps.Status.TransitionAsync(instanceId, InstanceStatus.LoggedOut, "Logged out from the portal (user_initiated).", cancellationToken: cancellationToken);
        }, cancellationToken);
    }

    public async Task DeleteAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await UnderLifecycleLockAsync(async () =>
        {
            if (_sessions.TryRemove(instanceId, out var session)) await session.StopAsync(InstanceStatus.Stopped, "Deleting.");
            // The profile, and the snapshots before the row whose cascade would take them.
            await deps.Snapshots.ForgetAsync(instanceId, cancellationToken);
            var media = deps.Paths.MediaDirectory(instanceId);
            if (Directory.Exists(media)) Directory.Delete(media, recursive: true);
            await using var db = deps.Databases.AcrossTenants();
            var deleted = await db.Instances.Where(i => i.Id == instanceId).ExecuteDeleteAsync(cancellationToken);
            if (deleted == 0) throw new InstanceNotFoundException(instanceId);
            logger.LogInformation("Deleted instance {InstanceId} with its profile and media", instanceId);
        }, cancellationToken);
    }

    public InstanceStatus? GetStatus(Guid instanceId) =>
        _sessions.TryGetValue(instanceId, out var session) && !session.Completion.IsCompleted ? session.Status : null;

    public QrCode? GetQr(Guid instanceId) =>
        _sessions.TryGetValue(instanceId, out var session) && session.Status == InstanceStatus.Qr ? session.Qr : null;

    /// <param name="digits">The phone number with country code, digits only.</param>
    public Task<string> RequestPairingCodeAsync(Guid instanceId, string digits, CancellationToken cancellationToken = default) =>
        Session(instanceId).RequestPairingCodeAsync(digits, cancellationToken);

    public void NotifyQueued(Guid instanceId)
    {
        if (_sessions.TryGetValue(instanceId, out var session)) session.NotifyQueued();
    }

    public async Task MarkChatReadAsync(Guid instanceId, Guid chatId, CancellationToken cancellationToken = default)
    {
        var (session, remoteId) = await ChatOfAsync(instanceId, chatId, cancellationToken);
        await session.MarkChatReadAsync(remoteId, cancellationToken);
        await deps.Inbound.MarkChatReadAsync(session.TenantId, chatId, cancellationToken);
    }

    public async Task MarkChatUnreadAsync(Guid instanceId, Guid chatId, CancellationToken cancellationToken = default)
    {
        var (session, remoteId) = await ChatOfAsync(instanceId, chatId, cancellationToken);
        await AskWhatsAppAsync(async () =>
        {
            await session.MarkChatUnreadAsync(remoteId, cancellationToken);
            return true;
        });
        await deps.Inbound.ChangeChatAsync(session.TenantId, chatId, chat => chat.MarkedUnread = true, cancellationToken);
    }

    public async Task SetChatArchivedAsync(Guid instanceId, Guid chatId, bool archived, CancellationToken cancellationToken = default)
    {
        var (session, remoteId) = await ChatOfAsync(instanceId, chatId, cancellationToken);
        await AskWhatsAppAsync(async () =>
        {
            await session.SetChatArchivedAsync(remoteId, archived, cancellationToken);
            return true;
        });
        await deps.Inbound.ChangeChatAsync(session.TenantId, chatId, chat => chat.Archived = archived, cancellationToken);
    }

    /// <summary>The running session of the instance and the WhatsApp id of its chat.</summary>
    private async Task<(InstanceSession Session, string RemoteId)> ChatOfAsync(Guid instanceId, Guid chatId, CancellationToken cancellationToken)
    {
        var session = Session(instanceId);
        await using var db = deps.Databases.AcrossTenants();
        var remoteId = await db.Chats.Where(c => c.Id == chatId && c.InstanceId == instanceId).Select(c => c.RemoteId).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InstanceStateException("Instance {0} has no chat {1}.", instanceId, chatId);
        return (session, remoteId);
    }

    public Task<IReadOnlyList<NumberCheck>> CheckNumbersAsync(Guid instanceId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        AskWhatsAppAsync(() => numberChecks.CheckAsync(Session(instanceId), ids, cancellationToken));

    public Task<IReadOnlyList<string>> SubscribePresenceAsync(Guid instanceId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        AskWhatsAppAsync(() => Session(instanceId).SubscribePresenceAsync(ids, cancellationToken));

    public Task SetChatStateAsync(Guid instanceId, string chatId, ChatState state, CancellationToken cancellationToken = default) =>
        AskWhatsAppAsync(async () =>
        {
            await Session(instanceId).SetChatStateAsync(chatId, state, cancellationToken);
            return true;
        });

    public Task<string?> GetProfilePictureUrlAsync(Guid instanceId, string chatId, CancellationToken cancellationToken = default) =>
        AskWhatsAppAsync(() => Session(instanceId).GetProfilePictureUrlAsync(chatId, cancellationToken));

    public Task<bool> SetBlockedAsync(Guid instanceId, string chatId, bool blocked, CancellationToken cancellationToken = default) =>
        AskWhatsAppAsync(() => Session(instanceId).SetBlockedAsync(chatId, blocked, cancellationToken));

    public Task<bool> IsBlockedAsync(Guid instanceId, string chatId, CancellationToken cancellationToken = default) =>
        AskWhatsAppAsync(() => Session(instanceId).IsBlockedAsync(chatId, cancellationToken));

    /// <summary>A call WhatsApp Web failed is a refusal of the moment, which the caller may try again.</summary>
    private static async Task<T> AskWhatsAppAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is WhatsAppCallException or BrowserException)
        {
            throw new InstanceStateException("WhatsApp Web could not do this now ({0}); try again later.", ex.Message);
        }
    }

    /// <summary>
    /// Finds rows queued without a wake-up (by another node or process) for every session of this node with one query
    /// each QueuePollInterval. One query per session instead would make an idle node's database work grow with its
    /// instances.
    /// </summary>
    private async Task WatchQueuesAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Options.QueuePollInterval, deps.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                var running = _sessions.Keys.ToList();
                if (running.Count == 0) continue;
                try
                {
                    await using var db = deps.Databases.AcrossTenants();
                    var now = deps.Time.GetUtcNow().UtcDateTime;
                    var queued = await db.Messages.Where(m => running.Contains(m.InstanceId)
                            && (m.Status == MessageStatus.Queued || (m.Status == MessageStatus.Scheduled && m.SendAt <= now)))
                        .Select(m => m.InstanceId)
                        .Union(db.MessageActions.Where(a => running.Contains(a.InstanceId) && a.Status == MessageStatus.Queued).Select(a => a.InstanceId))
                        .ToListAsync(stopping);
                    foreach (var instanceId in queued) NotifyQueued(instanceId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next tick looks again; enqueues through this engine wake their sender without it.
                    logger.LogError(ex, "Could not look for queued messages");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The engine is stopping.
        }
    }

    private Task UnderLifecycleLockAsync(Func<Task> work, CancellationToken cancellationToken) =>
        UnderLifecycleLockAsync(async () =>
        {
                await work();
                return true;
        }, cancellationToken);

    private async Task<T> UnderLifecycleLockAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private InstanceSession Session(Guid instanceId) =>
        _sessions.TryGetValue(instanceId, out var session) && !session.Completion.IsCompleted
            ? session
            : throw new InstanceStateException("The instance is not running; start it first.");

    private async Task<Instance> SetAutoStartAsync(Guid instanceId, bool autoStart, CancellationToken cancellationToken)
    {
        await using var db = deps.Databases.AcrossTenants();
        var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken) ?? throw new InstanceNotFoundException(instanceId);
        if (instance.AutoStart != autoStart)
        {
            instance.AutoStart = autoStart;
            await db.SaveChangesAsync(cancellationToken);
        }
        return instance;
    }
}
