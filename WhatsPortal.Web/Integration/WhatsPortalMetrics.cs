using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// The product's instruments (meter <c>WhatsPortal</c>), fed from engine events and the webhook dispatcher,
/// exported at <c>/metrics</c> by OpenTelemetry's Prometheus exporter or by any System.Diagnostics.Metrics listener.
/// </summary>
public sealed class WhatsPortalMetrics : IDisposable
{
    public const string MeterName = "WhatsPortal";

    private readonly Meter _meter;
    private readonly Counter<long> _messagesIn;
    private readonly Counter<long> _messagesOut;
    private readonly Histogram<double> _sendLatency;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Counter<long> _webhookFailures;
    private readonly Counter<long> _browserRestarts;
    private readonly Dictionary<InstanceStatus, int> _instancesByState = Enum.GetValues<InstanceStatus>().ToDictionary(s => s, _ => 0);
    private readonly Lock _stateLock = new();
    // A scheduled message waited for its time by request: its send latency counts from its release to the queue.
    private readonly ConcurrentDictionary<Guid, DateTime> _releasedAt = new();

    public WhatsPortalMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _messagesIn = _meter.CreateCounter<long>("whatsportal.messages.received", "{message}", "Messages received from WhatsApp");
        _messagesOut = _meter.CreateCounter<long>("whatsportal.messages.sent", "{message}", "Messages handed to WhatsApp (status sent)");
        _sendLatency = _meter.CreateHistogram<double>("whatsportal.messages.send_latency", "s", "From accepted (queued), or released at its time when scheduled, to sent",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _webhookDeliveries = _meter.CreateCounter<long>("whatsportal.webhooks.delivered", "{delivery}", "Webhook deliveries accepted by receivers");
        _webhookFailures = _meter.CreateCounter<long>("whatsportal.webhooks.failed_attempts", "{attempt}", "Webhook attempts that failed (including the last one of a failed delivery)");
        _browserRestarts = _meter.CreateCounter<long>("whatsportal.browser.restarts", "{restart}", "Sessions relaunched after a crash, hang or disconnect");
        // Every node follows every node's status changes, so any one node's reading is the deployment's (not summed over nodes).
        _meter.CreateObservableGauge("whatsportal.instances", ObserveInstances, "{instance}", "Instances by state, across all nodes");
    }

    /// <summary>Seeds the per-state gauge from the database at start; engine events keep it current.</summary>
    public void SetInstanceCounts(IReadOnlyDictionary<InstanceStatus, int> counts)
    {
        lock (_stateLock)
            foreach (var state in _instancesByState.Keys.ToList())
                _instancesByState[state] = counts.GetValueOrDefault(state);
    }

    public void Observe(EngineEvent engineEvent)
    {
        switch (engineEvent)
        {
            case InstanceStatusChanged e:
                CountStateChange(e);
                if (e.To == InstanceStatus.Reconnecting) _browserRestarts.Add(1);
                break;
            case MessageStored { Direction: MessageDirection.Inbound }:
                _messagesIn.Add(1);
                break;
            case MessageStatusChanged { Status: MessageStatus.Queued } e:
                _releasedAt[e.MessageId] = e.At;
                break;
            case MessageStatusChanged { Status: MessageStatus.Sent } e:
                _messagesOut.Add(1);
                // Message ids are version-7 GUIDs: they carry the moment the message was accepted.
                if ((_releasedAt.TryRemove(e.MessageId, out var released) ? released : GuidVersion7.Timestamp(e.MessageId)) is { } queuedAt)
                    _sendLatency.Record(Math.Max(0, (e.At - queuedAt).TotalSeconds));
                break;
            case MessageStatusChanged { Status: MessageStatus.Failed or MessageStatus.Expired or MessageStatus.Cancelled } e:
                _releasedAt.TryRemove(e.MessageId, out _);
                break;
        }
    }

    /// <summary>What another node's event changes here: only the per-state gauge, which covers every node (the rest that node counts).</summary>
    public void ObserveElsewhere(EngineEvent engineEvent)
    {
        if (engineEvent is InstanceStatusChanged e) CountStateChange(e);
    }

    private void CountStateChange(InstanceStatusChanged e)
    {
        lock (_stateLock)
        {
            _instancesByState[e.From] = Math.Max(0, _instancesByState[e.From] - 1);
            _instancesByState[e.To]++;
        }
    }

    public void WebhookDelivered(string eventType) => _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("event", eventType));

    public void WebhookFailedAttempt(string eventType) => _webhookFailures.Add(1, new KeyValuePair<string, object?>("event", eventType));

    private IEnumerable<Measurement<int>> ObserveInstances()
    {
        lock (_stateLock)
            return _instancesByState.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("state", SnakeCaseEnum<InstanceStatus>.Name(p.Key)))).ToList();
    }

    public void Dispose() => _meter.Dispose();
}

internal static class GuidVersion7
{
    public static DateTime? Timestamp(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        if (bytes[6] >> 4 != 7) return null;
        long ms = 0;
        for (var i = 0; i < 6; i++) ms = (ms << 8) | bytes[i];
        return DateTime.UnixEpoch.AddMilliseconds(ms);
    }
}
