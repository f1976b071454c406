using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// Delivers the outbox. Per instance and destination only the oldest pending delivery is tried, so a
/// receiver sees one instance's events in order even across retries; different instances go in parallel.
/// A delivery interrupted by a crash is simply tried again: delivery is at least once, and the event id
/// lets receivers drop duplicates. Every node of a cluster runs one: each attempt holds its delivery's row lock
/// (<see cref="OutboxLocks"/>), and a node skips a locked head instead of going on to the next delivery of that instance,
/// so a delivery is never made by two nodes, and an instance's next one waits for the head wherever it is in flight.
/// </summary>
public sealed class WebhookDispatcher(
    WhatsPortalDbContextFactory contexts,
    IHttpClientFactory httpClients,
    WebhookDispatchSignal signal,
    WhatsPortalMetrics metrics,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private const int Parallelism = 8;
    private const int ScanSize = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await DueHeadsAsync(stoppingToken);
                var attempted = 0;
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken },
                    async (id, ct) => { if (await AttemptAsync(id, ct)) Interlocked.Increment(ref attempted); });
                // Heads another node holds are skipped: scanning again at once would only find them still held.
                if (attempted > 0) continue;
                await signal.WaitAsync(options.CurrentValue.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The outbox is in the database; a failed pass loses nothing, so log and try again shortly.
                logger.LogError(ex, "Webhook dispatch pass failed");
                await Task.Delay(options.CurrentValue.PollInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>The oldest pending delivery of each (instance, destination), when it is due.</summary>
    private async Task<List<long>> DueHeadsAsync(CancellationToken ct)
    {
        await using var db = contexts.AcrossTenants();
        var pending = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending)
            .OrderBy(d => d.Id).Take(ScanSize)
            .Select(d => new { d.Id, d.InstanceId, d.Target, d.NextAttemptAt })
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return pending.GroupBy(d => (d.InstanceId, d.Target)).Select(g => g.First())
            .Where(d => d.NextAttemptAt <= now).Select(d => d.Id).ToList();
    }

    /// <summary>Makes one attempt at the delivery; false when there was none to make (made meanwhile, or by another node).</summary>
    private async Task<bool> AttemptAsync(long deliveryId, CancellationToken ct)
    {
        var attemptTimeout = options.CurrentValue.Timeout;
        await using var db = contexts.AcrossTenants();
        var delivery = await OutboxLocks.ClaimDeliveryAsync(db, deliveryId, attemptTimeout, ct);
        // Read before the claim: another node may have made this attempt since, and scheduled the next one.
        if (delivery is not { Status: WebhookDeliveryStatus.Pending } || delivery.NextAttemptAt > clock.GetUtcNow().UtcDateTime) return false;
        var secret = await SecretAsync(db, delivery, ct);

        var started = clock.GetTimestamp();
        int? statusCode = null;
        string? error = null;
        var retry = false;
        try
        {
            using var request = BuildRequest(delivery, secret);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(attemptTimeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            statusCode = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                error = $"The receiver answered {statusCode} {response.ReasonPhrase}.";
                // A 4xx says the request itself is wrong and will stay wrong, except "timeout" and "too many".
                retry = statusCode is >= 500 or 408 or 429;
            }
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookDestinationRefusedException refused)
        {
            error = refused.Message;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            error = ex is OperationCanceledException ? $"No answer within {attemptTimeout.TotalSeconds:0} s." : ex.Message;
            retry = true;
        }
        var durationMs = (int)clock.GetElapsedTime(started).TotalMilliseconds;
        await RecordAsync(db, delivery, statusCode, error, retry, durationMs, ct);
        return true;
    }

    private static async Task<string?> SecretAsync(WhatsPortalDbContext db, WebhookDelivery delivery, CancellationToken ct) =>
        delivery.Target == WebhookTarget.Instance
            ? await db.Instances.Where(i => i.Id == delivery.InstanceId).Select(i => i.WebhookSecret).SingleOrDefaultAsync(ct)
            : await db.Tenants.Where(t => t.Id == delivery.TenantId).Select(t => t.WebhookSecret).SingleOrDefaultAsync(ct);

    private HttpRequestMessage BuildRequest(WebhookDelivery delivery, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Payload, System.Text.Encoding.UTF8, "application/json"),
        };
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.Add(WebhookSigner.EventIdHeader, delivery.EventId.ToString());
        request.Headers.Add(WebhookSigner.EventTypeHeader, delivery.EventType);
        request.Headers.Add(WebhookSigner.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (secret is not null)
            request.Headers.Add(WebhookSigner.SignatureHeader, WebhookSigner.Sign(secret, timestamp, delivery.Payload));
        return request;
    }

    private async Task RecordAsync(WhatsPortalDbContext db, WebhookDelivery delivery, int? statusCode, string? error, bool retry, int durationMs, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = options.CurrentValue;
        delivery.Attempts++;
        delivery.LastStatusCode = statusCode;
        delivery.LastError = Truncate(error);
        if (error is null)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.DeliveredAt = now;
            metrics.WebhookDelivered(delivery.EventType);
        }
        else if (retry && delivery.Attempts < settings.MaxAttempts)
        {
            delivery.NextAttemptAt = now + RetryDelay(delivery.Attempts, settings, Random.Shared);
            metrics.WebhookFailedAttempt(delivery.EventType);
        }
        else
        {
            delivery.Status = WebhookDeliveryStatus.Failed;
            metrics.WebhookFailedAttempt(delivery.EventType);
            logger.LogWarning("Webhook delivery {DeliveryId} of event {EventId} to instance {InstanceId}'s {Target} webhook failed for good after {Attempts} attempts: {Error}",
                delivery.Id, delivery.EventId, delivery.InstanceId, delivery.Target, delivery.Attempts, error);
        }
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            TenantId = delivery.TenantId, DeliveryId = delivery.Id, At = now, StatusCode = statusCode, DurationMs = durationMs, Error = Truncate(error),
        });
        // Not the request's token: an attempt that was made must be recorded even while shutting down.
        await db.SaveChangesAsync(CancellationToken.None);
        if (db.Database.CurrentTransaction is { } claim) await claim.CommitAsync(CancellationToken.None);
    }

    /// <summary>Exponential backoff with ±50% jitter, so receivers coming back are not hit by every sender at once.</summary>
    internal static TimeSpan RetryDelay(int attempts, WebhookOptions settings, Random random)
    {
        var exponential = settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, settings.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + random.NextDouble()));
    }

    private static string? Truncate(string? text) =>
        text is { Length: > InstanceEvent.MessageMaxLength } ? text[..InstanceEvent.MessageMaxLength] : text;
}
