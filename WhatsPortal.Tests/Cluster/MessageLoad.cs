using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Cluster;

/// <summary>
/// Messages posted without pause to some instances, each through the next of the nodes the test allows at that moment,
/// each with a text of its own. What the API accepted (202) is kept, to be found exactly once on its phone; any other
/// answer (a node going away mid-request) is kept for the failure message only.
/// </summary>
internal sealed class MessageLoad : IAsyncDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);
    private readonly TestCluster _cluster;
    private readonly Dictionary<string, HttpClient> _clients;
    private readonly List<Accepted> _accepted = [];
    private readonly List<string> _refused = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _posting;
    private readonly Func<IReadOnlyList<NodeProcess>> _nodes;

    public sealed record Accepted(int Sequence, Guid Instance, string To, string Text, Guid MessageId, string Via);

    private MessageLoad(TestCluster cluster, string key, Func<IReadOnlyList<NodeProcess>> nodes, IReadOnlyList<ClusterInstance> targets, string label)
    {
        _cluster = cluster;
        _clients = cluster.Nodes.ToDictionary(n => n.Name, n => cluster.Api(n, key));
        _nodes = nodes;
        _posting = PostAsync(targets, label);
    }

    /// <param name="nodes">The nodes to post through, asked before every message (the test narrows it as it stops or kills them).</param>
    public static MessageLoad Start(TestCluster cluster, string key, Func<IReadOnlyList<NodeProcess>> nodes, IReadOnlyList<ClusterInstance> targets, string label) =>
        new(cluster, key, nodes, targets, label);

    /// <summary>How many messages were accepted so far: a mark to count those accepted after it.</summary>
    public int Mark() { lock (_accepted) return _accepted.Count; }

    public IReadOnlyList<Accepted> AcceptedSince(int mark) { lock (_accepted) return _accepted.Skip(mark).ToList(); }

    /// <summary>Waits until <paramref name="count"/> more messages than at <paramref name="mark"/> were accepted.</summary>
    public Task AcceptedAfterAsync(int mark, int count, string moment) =>
        Eventually.TrueAsync(() => Task.FromResult(Mark() >= mark + count), () => $"{count} messages to be accepted {moment}; {Summary()} ({_cluster.Logs})", TimeSpan.FromSeconds(120));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _posting;
    }

    /// <summary>
    /// Every accepted message reaches its phone, and once the engine settled them all (none still queued, so a second
    /// send would have happened by then), none is there twice.
    /// </summary>
    public async Task AssertEachArrivedExactlyOnceAsync()
    {
        var accepted = AcceptedSince(0);
        Assert.NotEmpty(accepted);
        Dictionary<string, int> counts = [];
        async Task<List<Accepted>> MissingAsync()
        {
            counts = await ArrivalsAsync(accepted.Select(a => a.To).Distinct());
            return accepted.Where(a => !counts.ContainsKey(a.Text)).ToList();
        }
        var missing = accepted;
        await Eventually.TrueAsync(async () => (missing = await MissingAsync()).Count == 0,
            () => $"every accepted message to reach its phone; {missing.Count} of {accepted.Count} have not, e.g. {string.Join(", ", missing.Take(5))}; {Summary()} ({_cluster.Logs})",
            TimeSpan.FromSeconds(240));

        List<string> unsettled = [];
        await Eventually.TrueAsync(async () => (unsettled = await UnsettledAsync(accepted)).Count == 0,
            () => $"the engine to settle every accepted message (none still queued); left {string.Join(", ", unsettled.Take(5))} ({_cluster.Logs})",
            TimeSpan.FromSeconds(120));
        counts = await ArrivalsAsync(accepted.Select(a => a.To).Distinct());
        var twice = accepted.Where(a => counts[a.Text] != 1).Select(a => $"{a.Text} ×{counts[a.Text]} (via {a.Via})").ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} of {accepted.Count} accepted messages reached their phone more than once: {string.Join(", ", twice.Take(10))} ({_cluster.Logs})");
    }

    public string Summary()
    {
        lock (_accepted)
            return $"{_accepted.Count} accepted, {_refused.Count} not accepted{(_refused.Count > 0 ? $" (last: {_refused[^1]})" : "")}";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        foreach (var client in _clients.Values) client.Dispose();
        _stop.Dispose();
    }

    private async Task PostAsync(IReadOnlyList<ClusterInstance> targets, string label)
    {
        var sequence = 0;
        var turn = 0;
        while (!_stop.IsCancellationRequested)
        {
            foreach (var target in targets)
            {
                if (_nodes() is not { Count: > 0 } allowed) break;
                var via = allowed[turn++ % allowed.Count];
                var text = $"{label} {++sequence:D5} to {target.Number}";
                try
                {
                    using var response = await _clients[via.Name].PostAsJsonAsync($"api/v1/instances/{target.Id}/messages", new { to = target.Customer, text });
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                        lock (_accepted) _accepted.Add(new Accepted(sequence, target.Id, target.Customer, text, id, via.Name));
                    }
                    else
                    {
                        var body = await response.Content.ReadAsStringAsync();
                        lock (_accepted) _refused.Add($"{text} via {via.Name}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    lock (_accepted) _refused.Add($"{text} via {via.Name}: {e.GetType().Name} {e.Message}");
                }
            }
            try
            {
                await Task.Delay(Pause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }
    }

    /// <summary>How many times each text arrived on the phones <paramref name="customers"/>.</summary>
    private async Task<Dictionary<string, int>> ArrivalsAsync(IEnumerable<string> customers)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var customer in customers)
            foreach (var message in await _cluster.Simulator.MessagesAsync(customer))
                if (message.GetProperty("direction").GetString() == "received")
                    counts[message.GetProperty("text").GetString()!] = counts.GetValueOrDefault(message.GetProperty("text").GetString()!) + 1;
        return counts;
    }

    /// <summary>
    /// The accepted messages still queued (to send, or being sent), asked through a node the test posts through: any
    /// running node could be one that was resumed after being declared dead, whose process is about to end.
    /// </summary>
    private async Task<List<string>> UnsettledAsync(IEnumerable<Accepted> accepted)
    {
        var api = _clients[_nodes().First(n => n.IsRunning).Name];
        var unsettled = new List<string>();
        foreach (var message in accepted)
        {
            var status = (await api.GetFromJsonAsync<JsonElement>($"api/v1/instances/{message.Instance}/messages/{message.MessageId}")).GetProperty("status").GetString();
            if (status == "queued") unsettled.Add($"{message.Text}: {status}");
        }
        return unsettled;
    }
}
