using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// Serves the <c>WhatsPortal</c> meter in Prometheus' text format at <c>/metrics</c>. OpenTelemetry's
/// Prometheus exporter is not in our package registries; this covers the three instrument kinds we use
/// (counters, observable gauges, histograms) and nothing more.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> _sums = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> _gauges = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), HistogramState> _histograms = new();
    private readonly ConcurrentDictionary<string, (string Type, string? Help, double[]? Buckets)> _instruments = new();

    public PrometheusExporter(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this host's meter: several hosts in one process (tests) each have their own factory.
            if (instrument.Meter.Name != WhatsPortalMetrics.MeterName || !ReferenceEquals(instrument.Meter.Scope, meters)) return;
            var name = MetricName(instrument);
            var type = instrument switch
            {
                Counter<long> or Counter<double> => "counter",
                Histogram<double> => "histogram",
                _ => "gauge",
            };
            var buckets = (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries?.ToArray();
            _instruments[name] = (type, instrument.Description, buckets);
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = (MetricName(instrument), Labels(tags));
        switch (_instruments[key.Item1].Type)
        {
            case "counter":
                _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
                break;
            case "histogram":
                _histograms.GetOrAdd(key, _ => new HistogramState(_instruments[key.Item1].Buckets ?? [])).Add(value);
                break;
            default:
                _gauges[key] = value;
                break;
        }
    }

    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var (name, (type, help, _)) in _instruments.OrderBy(i => i.Key))
        {
            if (help is not null) text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var ((_, labels), value) in (type == "counter" ? _sums : _gauges).Where(p => p.Key.Name == name).OrderBy(p => p.Key.Labels))
                text.Append(name).Append(Braces(labels)).Append(' ').Append(Number(value)).Append('\n');
            foreach (var ((_, labels), histogram) in _histograms.Where(p => p.Key.Name == name).OrderBy(p => p.Key.Labels))
                histogram.Render(text, name, labels);
        }
        return text.ToString();
    }

    private static string MetricName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        return instrument.Unit == "s" ? name + "_seconds" : instrument is Counter<long> or Counter<double> ? name + "_total" : name;
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0) return "";
        var pairs = new List<string>(tags.Length);
        foreach (var tag in tags)
            pairs.Add($"{tag.Key}=\"{Convert.ToString(tag.Value, CultureInfo.InvariantCulture)?.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"");
        pairs.Sort(StringComparer.Ordinal);
        return string.Join(',', pairs);
    }

    private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose() => _listener.Dispose();

    private sealed class HistogramState(double[] bounds)
    {
        private readonly long[] _counts = new long[bounds.Length + 1];
        private double _sum;
        private long _count;
        private readonly Lock _lock = new();

        public void Add(double value)
        {
            lock (_lock)
            {
                var index = Array.FindIndex(bounds, b => value <= b);
                _counts[index < 0 ? bounds.Length : index]++;
                _sum += value;
                _count++;
            }
        }

        public void Render(StringBuilder text, string name, string labels)
        {
            lock (_lock)
            {
                long cumulative = 0;
                var prefix = labels.Length == 0 ? "" : labels + ",";
                for (var i = 0; i < bounds.Length; i++)
                {
                    cumulative += _counts[i];
                    text.Append(name).Append("_bucket{").Append(prefix).Append("le=\"").Append(Number(bounds[i])).Append("\"} ").Append(cumulative).Append('\n');
                }
                text.Append(name).Append("_bucket{").Append(prefix).Append("le=\"+Inf\"} ").Append(_count).Append('\n');
                text.Append(name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Number(_sum)).Append('\n');
                text.Append(name).Append("_count").Append(Braces(labels)).Append(' ').Append(_count).Append('\n');
            }
        }
    }
}
