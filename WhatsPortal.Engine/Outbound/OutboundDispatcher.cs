using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Engine.Sessions;

namespace WhatsPortal.Engine.Outbound;

/// <summary>
/// The sender of one connected instance: takes its queued messages oldest first, paces them, resolves
/// each recipient once, and sends. A send that has started is finished even when the instance stops.
/// Every claim and result is written under the session's lease: once another node or epoch owns the instance, the
/// write changes nothing and <see cref="LeaseLostException"/> ends the sender.
/// </summary>
/// <param name="lease">
/// The session's lease, valid on this node's clock (renewed first when it ran out); <see cref="LeaseLostException"/> once lost.
/// </param>
internal sealed class OutboundDispatcher(
    Guid instanceId,
    Func<CancellationToken, Task<LeaseGrant>> lease,
    IWhatsAppDriver driver,
    SemaphoreSlim sendGate,
    OutboundQueue queue,
    MessageActionQueue actions,
    WhatsPortalDbContextFactory databases,
    EnginePaths paths,
    TimeProvider time,
    EngineOptions options,
    ILogger<OutboundDispatcher> logger)
{
    // One queue read serves up to this many sends, for at most BatchFreshness.
    private const int BatchSize = 32;
    private static readonly TimeSpan BatchFreshness = TimeSpan.FromSeconds(2);

    private enum SendOutcome { Continue, ReadQueueAgain, StopSending }

    // When a short batch was sent through and no wake-up came since it was read, the queue held nothing more,
    // and reading it again would only find it empty.
    private readonly WakeUpSignal _wake = new();
    // Recipient → the id WhatsApp uses for it, or null when it is not on WhatsApp; asked once per connection.
    private readonly Dictionary<string, string?> _resolved = new(StringComparer.Ordinal);
    private DateTimeOffset? _previousSendAt;

    /// <summary>A message was queued: look now instead of at the next poll.</summary>
    public void Wake() => _wake.Wake();

    /// <summary>Runs until <paramref name="stopping"/> is cancelled or the page stops answering.</summary>
    /// <exception cref="LeaseLostException">The instance is no longer this session's.</exception>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            // Wake-ups until now are answered by this read (a queued message is committed before its wake-up).
            _wake.Take();
            var wakesBeforeRead = _wake.Wakes;
            var nextDue = await queue.ReleaseDueAsync(instanceId, stopping);
            var batch = await queue.NextAsync(instanceId, BatchSize, stopping);
            var sentThrough = 0;
            var readAt = time.GetUtcNow();
            // Reactions, edits and revokes go first: each targets a message already on WhatsApp, so none waits on the messages.
            var queuedActions = await actions.NextAsync(instanceId, BatchSize, stopping);
            var actionsThrough = 0;
            foreach (var action in queuedActions)
            {
                if (stopping.IsCancellationRequested) break;
                await PaceAsync(batch, stopping);
                var outcome = await SendActionAsync(action);
                if (outcome == SendOutcome.StopSending) return;
                if (outcome == SendOutcome.ReadQueueAgain) break;
                actionsThrough++;
            }
            if (actionsThrough < queuedActions.Count) continue;
            foreach (var (message, chat) in batch.Messages)
            {
                // The batch is a snapshot: a pacing change made since is seen at the next read.
                if (stopping.IsCancellationRequested || time.GetUtcNow() - readAt > BatchFreshness) break;
                await PaceAsync(batch, stopping);
                var outcome = await SendAsync(message, chat);
                if (outcome == SendOutcome.StopSending) return;
                // After a failed try the same message comes first again, so the queue is read afresh.
                if (outcome == SendOutcome.ReadQueueAgain) break;
                sentThrough++;
            }
            var wholeQueue = batch.Messages.Count < BatchSize && sentThrough == batch.Messages.Count && queuedActions.Count < BatchSize;
            // Rows queued without a wake-up (by another process) are found by the supervisor, which wakes this sender;
            // a scheduled message wakes it at its time.
            if (wholeQueue && _wake.Wakes == wakesBeforeRead)
                await _wake.WaitAsync(UntilDue(nextDue), time, stopping);
        }
    }

    private async Task PaceAsync(QueuedBatch batch, CancellationToken stopping)
    {
        var gap = SendPacing.Gap(batch.SendIntervalMs, batch.SendJitterMs, Random.Shared);
        var wait = SendPacing.Wait(_previousSendAt, gap, time.GetUtcNow());
        if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stopping);
    }

    /// <summary>
    /// Sends a reaction, edit or revoke. Each is idempotent on WhatsApp (the same reaction or text again changes
    /// nothing), so one tried before a crash is simply sent again.
    /// </summary>
    private async Task<SendOutcome> SendActionAsync(QueuedAction queued)
    {
        var action = queued.Action;
        using var timeout = new CancellationTokenSource(options.SendTimeout);
        var token = timeout.Token;
        await sendGate.WaitAsync(CancellationToken.None);
        try
        {
            _previousSendAt = time.GetUtcNow();
            if (!await actions.ClaimAttemptAsync(action.Id, await lease(token), token)) return SendOutcome.Continue;
            // Checked again after the claim, as before a message is sent (SendResolvedAsync).
            var held = await lease(token);
            switch (action.Kind)
            {
                case MessageActionKind.React:
                    await driver.ReactAsync(queued.TargetWhatsAppId, action.Value ?? "", token);
                    break;
                case MessageActionKind.Edit:
                    await driver.EditAsync(queued.TargetWhatsAppId, action.Value ?? "", token);
                    break;
                case MessageActionKind.Revoke:
                    await driver.RevokeAsync(queued.ChatId, queued.TargetWhatsAppId, token);
                    break;
            }
            await actions.MarkSentAsync(action.Id, held, CancellationToken.None);
            return SendOutcome.Continue;
        }
        catch (Exception ex) when (ex is not LeaseLostException)
        {
            return await HandleSendErrorAsync(action.Id, action.Attempts, ex,
                async (id, error, final, ct) => await actions.MarkErrorAsync(id, error, final, await lease(ct), ct));
        }
        finally
        {
            sendGate.Release();
        }
    }

    // Timers take at most about 49 days; a longer wait is taken in steps.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private TimeSpan UntilDue(DateTime? due)
    {
        if (due is not { } at) return Timeout.InfiniteTimeSpan;
        var wait = DateTime.SpecifyKind(at, DateTimeKind.Utc) - time.GetUtcNow().UtcDateTime;
        return wait > LongestWait ? LongestWait : wait;
    }

    /// <summary>
    /// Settles every message tried before (by a process that died or a send that timed out) by looking at
    /// the chat on WhatsApp: found there → sent; not found → it will be sent again by the loop.
    /// </summary>
    public async Task ReconcileInFlightAsync(CancellationToken cancellationToken)
    {
        foreach (var (message, chat) in await queue.InFlightAsync(instanceId, cancellationToken))
        {
            if (await FindOnWhatsAppAsync(message, chat.RemoteId, cancellationToken) is { } found)
                await queue.MarkSentAsync(message, found.Id, found.Ack, await lease(cancellationToken), cancellationToken);
        }
    }

    private async Task<SendOutcome> SendAsync(Message message, Chat chat)
    {
        // Not cancellable: once a send begins it is seen through, so shutdown does not leave it half done.
        using var timeout = new CancellationTokenSource(options.SendTimeout);
        var token = timeout.Token;
        await sendGate.WaitAsync(CancellationToken.None);
        try
        {
            // Every try counts, for pacing and for MaxSendAttempts, and is on record before anything reaches
            // WhatsApp: a crash from here on leaves a row that is reconciled before it is sent again.
            _previousSendAt = time.GetUtcNow();
            if (!await queue.ClaimAttemptAsync(message.Id, await lease(token), token)) return SendOutcome.Continue;
            var target = await ResolveAsync(chat.RemoteId, token);
            if (target is null)
            {
                await queue.MarkErrorAsync(message.Id, $"{chat.RemoteId.Split('@')[0]} is not on WhatsApp.", final: true, await lease(token), token);
                return SendOutcome.Continue;
            }
            var retargeted = target != chat.RemoteId;
            if (retargeted) await queue.RetargetAsync(message, chat, target, token);
            await SendResolvedAsync(message, target, token);
            // Later messages of the batch still name the chat as it was.
            return retargeted ? SendOutcome.ReadQueueAgain : SendOutcome.Continue;
        }
        catch (Exception ex) when (ex is not LeaseLostException)
        {
            // Whatever the failure, the message ends failed or stays queued; it never wedges the sender.
            return await HandleSendErrorAsync(message.Id, message.Attempts, ex,
                async (id, error, final, ct) => await queue.MarkErrorAsync(id, error, final, await lease(ct), ct));
        }
        finally
        {
            sendGate.Release();
        }
    }

    private async Task SendResolvedAsync(Message message, string target, CancellationToken token)
    {
        if (message.Attempts > 0 && await FindOnWhatsAppAsync(message, target, token) is { } already)
        {
            await queue.MarkSentAsync(message, already.Id, already.Ack, await lease(token), token);
            return;
        }
        // The claim proved the lease in the database; this proves it has not run out since (a node suspended
        // in between wakes up past its expiry, when another node may already own the instance).
        var held = await lease(token);
        var result = message.MediaPath is not null ? await SendMediaAsync(message, target, token)
            : MessageContent.Location(message) is { } place ? await driver.SendLocationAsync(target, place, token)
            : MessageContent.Contact(message) is { } contact ? await driver.SendContactsAsync(target, contact.Cards, token)
            : MessageContent.Poll(message) is { } poll ? await driver.SendPollAsync(target, poll, token)
            : await driver.SendTextAsync(target, message.Text ?? "", message.QuotedWhatsAppId, Mentions.Of(message), token);
        await queue.MarkSentAsync(message, result.Id, result.Ack, held, CancellationToken.None);
    }

    /// <param name="markError">Records the error on the row (message or action); final ends it failed.</param>
    private async Task<SendOutcome> HandleSendErrorAsync(Guid rowId, int attempts, Exception error, Func<Guid, string, bool, CancellationToken, Task> markError)
    {
        var reason = error is OperationCanceledException ? $"WhatsApp Web did not answer within {options.SendTimeout}." : error.Message;
        bool usable;
        try
        {
            usable = driver.IsAlive && (await driver.GetStateAsync(CancellationToken.None).WaitAsync(options.SendTimeout)).MainReady;
        }
        catch (Exception ex) when (ex is WhatsAppCallException or BrowserException or TimeoutException)
        {
            usable = false;
        }
        if (!usable)
        {
            // The connection, not the message, is at fault: keep it queued for after the reconnect.
            await markError(rowId, reason, false, CancellationToken.None);
            logger.LogWarning("Sender of instance {InstanceId} stops: the page is not usable ({Error})", instanceId, reason);
            return SendOutcome.StopSending;
        }
        if (error is not (WhatsAppCallException or BrowserException or OperationCanceledException or IOException))
            logger.LogError(error, "Unexpected failure sending {RowId} of instance {InstanceId}", rowId, instanceId);
        // A missing media file will not appear by trying again.
        var final = attempts + 1 >= options.MaxSendAttempts || error is IOException;
        await markError(rowId, reason, final, CancellationToken.None);
        return SendOutcome.ReadQueueAgain;
    }

    private async Task<SendResult> SendMediaAsync(Message message, string target, CancellationToken cancellationToken)
    {
        var mime = message.MediaMimeType ?? "application/octet-stream";
        var path = paths.ResolveMediaPath(message.MediaPath!) ?? throw new FileNotFoundException($"The media path '{message.MediaPath}' is outside the data directory.");
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var dataUrl = $"data:{mime};base64,{Convert.ToBase64String(bytes)}";
        var sendOptions = new SendFileOptions(WhatsAppIds.SendFileType(message.Type), message.Text, message.MediaFileName, mime,
            message.QuotedWhatsAppId, message.Type == MessageType.VoiceNote ? true : null);
        return await driver.SendFileAsync(target, dataUrl, sendOptions, cancellationToken);
    }

    private async Task<string?> ResolveAsync(string remoteId, CancellationToken cancellationToken)
    {
        if (WhatsAppIds.IsGroup(remoteId)) return remoteId;
        if (_resolved.TryGetValue(remoteId, out var known)) return known;
        var resolved = await driver.QueryExistsAsync(remoteId, cancellationToken);
        _resolved[remoteId] = resolved;
        if (resolved is not null) _resolved[resolved] = resolved;
        return resolved;
    }

    private async Task<WhatsAppMessage?> FindOnWhatsAppAsync(Message message, string chatId, CancellationToken cancellationToken)
    {
        IReadOnlyList<WhatsAppMessage> recent;
        try
        {
            recent = await driver.GetMessagesAsync(chatId, 50, cancellationToken);
        }
        catch (WhatsAppCallException)
        {
            // No such chat on WhatsApp: nothing was ever sent to it.
            return null;
        }
        await using var db = databases.AcrossTenants();
        foreach (var seen in recent.Reverse())
        {
            if (!seen.FromMe) continue;
            if (await db.Messages.AnyAsync(m => m.InstanceId == instanceId && m.WhatsAppId == seen.Id, cancellationToken)) continue;
            var sentAt = DateTimeOffset.FromUnixTimeSeconds(seen.T).UtcDateTime;
            if (seen.Text == message.Text && message.CreatedAt <= sentAt.AddMinutes(1) && OutboundQueue.IsSameKind(message, seen)) return seen;
        }
        return null;
    }
}
