using System.Diagnostics;

namespace WhatsPortal.Benchmarks;

/// <summary>What a batch of sends achieved, timed against when the simulator put each message on the recipient's phone.</summary>
internal sealed record SendResult(int Count, TimeSpan Elapsed, IReadOnlyList<TimeSpan> Latencies, TimeSpan CpuTime)
{
    /// <summary>CPU the measured processes spent per message, whatever else ran on the machine.</summary>
    public TimeSpan CpuPerMessage => CpuTime / Count;

    public double PerSecond => Count / Elapsed.TotalSeconds;
    public TimeSpan P50 => Percentiles.Of(Latencies, 50);
    public TimeSpan P99 => Percentiles.Of(Latencies, 99);
}

/// <summary>
/// Sends messages through any sender (the API, or plain pages) to the sandbox phones and times them. Each message
/// carries a unique text; the simulator stamps it when the network takes it in, which is the moment it is in the
/// recipient's history. Both processes read the same system clock.
/// </summary>
internal sealed class SendLoad(SandboxApi sandbox, IReadOnlyList<string> recipients)
{
    /// <summary>One sender per instance (or page), index-aligned with the recipients.</summary>
    public delegate Task Sender(int sender, string to, string text);

    /// <summary>Every sender sends its share back to back, all senders at once: the most the pipeline carries.</summary>
    public Task<SendResult> BurstAsync(string label, int total, Sender send, Func<TimeSpan> cpu) => MeasureAsync(label, total, cpu, async (texts, started) =>
    {
        await Task.WhenAll(Enumerable.Range(0, recipients.Count).Select(async s =>
        {
            for (var k = s; k < total; k += recipients.Count)
            {
                started[k] = DateTimeOffset.UtcNow;
                await send(s, recipients[s], texts[k]);
            }
        }));
    });

    /// <summary>Messages offered at a steady <paramref name="perSecond"/>, round-robin over the senders, whether or not earlier ones are done.</summary>
    public Task<SendResult> PacedAsync(string label, int total, double perSecond, Sender send, Func<TimeSpan> cpu) => MeasureAsync(label, total, cpu, async (texts, started) =>
    {
        var clock = Stopwatch.StartNew();
        var calls = new List<Task>(total);
        for (var k = 0; k < total; k++)
        {
            var due = TimeSpan.FromSeconds(k / perSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due);
            var s = k % recipients.Count;
            started[k] = DateTimeOffset.UtcNow;
            calls.Add(send(s, recipients[s], texts[k]));
        }
        await Task.WhenAll(calls);
    });

    /// <param name="cpu">Reads the CPU time of the processes doing the sending.</param>
    private async Task<SendResult> MeasureAsync(string label, int total, Func<TimeSpan> cpu, Func<string[], DateTimeOffset[], Task> run)
    {
        var texts = Enumerable.Range(0, total).Select(k => $"{label} #{k} {Guid.NewGuid():N}").ToArray();
        var started = new DateTimeOffset[total];
        var before = await sandbox.MessageCountAsync();
        var cpuBefore = cpu();
        await run(texts, started);
        await sandbox.WaitForMessageCountAsync(before + total, TimeSpan.FromMinutes(3));
        var cpuTime = cpu() - cpuBefore;
        var arrivals = await sandbox.ArrivalsAsync(recipients);
        var latencies = texts.Select((text, k) => arrivals.TryGetValue(text, out var at)
            ? at - started[k]
            : throw new InvalidOperationException($"'{text}' never reached its phone.")).ToList();
        var elapsed = texts.Max(t => arrivals[t]) - started.Min();
        return new SendResult(total, elapsed, latencies, cpuTime);
    }
}
