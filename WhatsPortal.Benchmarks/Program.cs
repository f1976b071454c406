using System.Diagnostics;
using System.Globalization;
using WhatsPortal.Benchmarks;
using static WhatsPortal.Benchmarks.Format;

// The benchmark of docs/benchmarks.md: the real app and the simulator as separate processes on loopback, measured
// from outside, then the same figures for plain Chromium pages (the baseline) in the same run.
const int Instances = 10;
const int Messages = 1000;
// Offered loads: 60/s is the rate the latency target is set for, 100/s the most the engine carried at first.
double[] OfferedRates = [60, 100];
const int Recoveries = 3;
// Sent before measuring so that the figures describe the long-running app, not the JIT of a fresh process: tiered
// compilation keeps recompiling the hot path for about 1,600 sends after start-up here (docs/benchmarks.md). The
// warm-up's own throughput is reported too, as what a just-started app carries.
const int WarmUpMessages = 2000;
var settle = TimeSpan.FromSeconds(10);

var startedAt = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var repository = BuildOutput.RepositoryRoot();
var chromium = Environment.GetEnvironmentVariable("Engine__ChromiumPath") is { Length: > 0 } configured
    ? configured
    : throw new InvalidOperationException("Engine__ChromiumPath is not set: run the benchmark with scripts/bench.sh, which finds or installs Chromium.");
var machine = MachineFacts.Read(chromium);
var report = new Report(machine, startedAt);
var work = Directory.CreateTempSubdirectory("whatsportal-bench-");
Console.WriteLine($"WhatsPortal benchmark: {machine.Cores} cores, {machine.Chromium}, load {machine.LoadAverage}; work directory {work.FullName}");

var instancePhones = Enumerable.Range(0, Instances).Select(i => $"55119000000{i:00}").ToList();
var plainPhones = Enumerable.Range(0, Instances).Select(i => $"55119100000{i:00}").ToList();
var recipients = Enumerable.Range(0, Instances).Select(i => $"55119800000{i:00}").ToList();

try
{
    var docs = Path.Combine(repository, "docs", "benchmarks.md");
    switch (args)
    {
        case []:
            break;
        case ["--soak", var duration]:
            await new SoakRun(chromium, machine, work.FullName, docs).RunAsync(Duration(duration));
            work.Delete(recursive: true);
            return 0;
        case ["--scale", var counts]:
            await new ScaleRun(chromium, machine, work.FullName, docs).RunAsync(counts.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList());
            work.Delete(recursive: true);
            return 0;
        case ["--circuits", var circuits]:
            await new CircuitRun(chromium, machine, work.FullName, docs).RunAsync(int.Parse(circuits, CultureInfo.InvariantCulture));
            work.Delete(recursive: true);
            return 0;
        case ["--failover", .. var baseline] when baseline.Length <= 1:
            await new FailoverRun(chromium, machine, work.FullName, docs).RunAsync(baseline is [var revision] ? revision : FailoverRun.DefaultBaseline);
            work.Delete(recursive: true);
            return 0;
        default:
            Console.Error.WriteLine("Usage: scripts/bench.sh [--soak DURATION (e.g. 15m, 90s) | --scale COUNT,COUNT,... (e.g. 20,60,120) | --circuits PAGES (e.g. 50) | --failover [BASELINE REVISION]]");
            return 2;
    }

    var (simulatorProcess, sandbox) = await AppUnderTest.StartSimulatorAsync(work.FullName);
    await using var simulator = simulatorProcess;
    for (var i = 0; i < Instances; i++) await sandbox.CreatePhoneAsync(recipients[i], $"Customer {i}");
    var load = new SendLoad(sandbox, recipients);

    // --- the app, through its API ---
    MemoryUse idle, connected;
    IReadOnlyList<(TimeSpan Elapsed, string Code)> engineQr;
    TimeSpan engineAlone;
    TimeSpan dotnetPerMessage;
    SendResult engineWarmUp, engineBurst;
    var enginePaced = new Dictionary<double, SendResult>();
    var engineRecoveries = new List<TimeSpan>();
    string[] chromiumArguments;
    await using (var running = await AppUnderTest.StartAsync(work.FullName, chromium, sandbox.WebPageUrl))
    {
        var (app, api, dataDirectory) = (running.Process, running.Api, running.DataDirectory);
        var engine = new EngineMeasurements(app, api, sandbox, dataDirectory);
        await Task.Delay(settle);
        idle = engine.Memory();

        engineAlone = await engine.AloneToQrAsync();
        Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] app: {Instances} instances created and started at once (one alone took {Seconds(engineAlone)})");
        engineQr = await engine.CreateToQrAsync(Instances);
        await engine.LinkAsync(engineQr.Select(q => q.Code).ToList(), instancePhones);
        chromiumArguments = engine.ChromiumArguments();
        await Task.Delay(settle);
        connected = engine.Memory();
        Console.WriteLine($"  QR p95 {Seconds(Percentiles.Of(engineQr.Select(q => q.Elapsed).ToList(), 95))}; memory idle {MiB(idle.PssBytes)}, connected {MiB(connected.PssBytes)} PSS");

        Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] app: sending");
        engineWarmUp = await load.BurstAsync("api-warm-up", WarmUpMessages, engine.SendAsync, engine.CpuTime);
        Console.WriteLine($"  warm-up: {Rate(engineWarmUp)}, CPU {Millis(engineWarmUp.CpuPerMessage)}/message");
        var dotnetBefore = ProcessTree.CpuTime([app.Pid]);
        engineBurst = await load.BurstAsync("api-burst", Messages, engine.SendAsync, engine.CpuTime);
        dotnetPerMessage = (ProcessTree.CpuTime([app.Pid]) - dotnetBefore) / Messages;
        Console.WriteLine($"  burst: {Rate(engineBurst)}, p50 {Seconds(engineBurst.P50)}, p99 {Seconds(engineBurst.P99)}, CPU {Millis(engineBurst.CpuPerMessage)}/message");
        foreach (var rate in OfferedRates)
        {
            var paced = enginePaced[rate] = await load.PacedAsync($"api-paced-{rate}", Messages, rate, engine.SendAsync, engine.CpuTime);
            Console.WriteLine($"  offered at {rate:0}/s: {Rate(paced)}, p50 {Seconds(paced.P50)}, p99 {Seconds(paced.P99)}");
        }

        Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] app: killing browsers");
        for (var i = 0; i < Recoveries; i++) engineRecoveries.Add(await engine.KillBrowserAndRecoverAsync(i));
        Console.WriteLine($"  recovered in {string.Join(", ", engineRecoveries.Select(Seconds))}");
        await engine.StopAllAsync();
    }

    // --- the baseline: plain pages, same Chromium and arguments, after the app has ended so no page is shared ---
    Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] baseline: {Instances} plain pages");
    // Every argument, the page to open (about:blank) included: with a debugging pipe and no page to open, Chromium opens
    // none, and PuppeteerSharp's launch waits 30 s for a first page and fails with "Failed to create connection".
    var plainArguments = chromiumArguments.Where(a => !a.StartsWith("--user-data-dir=", StringComparison.Ordinal)
        && !a.StartsWith("--remote-debugging-", StringComparison.Ordinal)
        // The engine's identity towards WhatsApp Web: it holds spaces, which PuppeteerSharp's pipe launch does not quote.
        && !a.StartsWith("--user-agent=", StringComparison.Ordinal)).ToArray();
    MemoryUse plainMemory;
    IReadOnlyList<(TimeSpan Elapsed, string Code)> plainQr;
    TimeSpan plainAlone;
    SendResult plainWarmUp, plainBurst;
    var plainPaced = new Dictionary<double, SendResult>();
    var plainRecoveries = new List<TimeSpan>();
    await using (var plain = new PlainChromiumPages(chromium, plainArguments, sandbox.WebPageUrl, Path.Combine(work.FullName, "plain")))
    {
        plainAlone = await plain.AloneToQrAsync();
        plainQr = await plain.LaunchToQrAsync(Instances);
        await plain.LinkAsync(sandbox, plainQr.Select(q => q.Code).ToList(), plainPhones);
        await Task.Delay(settle);
        plainMemory = plain.Memory(Environment.ProcessId, simulator.Pid);
        Console.WriteLine($"  QR p95 {Seconds(Percentiles.Of(plainQr.Select(q => q.Elapsed).ToList(), 95))}; memory {MiB(plainMemory.PssBytes)} PSS");
        var plainCpu = () => plain.CpuTime(Environment.ProcessId, simulator.Pid);
        plainWarmUp = await load.BurstAsync("plain-warm-up", WarmUpMessages, plain.SendAsync, plainCpu);
        plainBurst = await load.BurstAsync("plain-burst", Messages, plain.SendAsync, plainCpu);
        Console.WriteLine($"  burst: {Rate(plainBurst)}, p50 {Seconds(plainBurst.P50)}, p99 {Seconds(plainBurst.P99)}, CPU {Millis(plainBurst.CpuPerMessage)}/message");
        foreach (var rate in OfferedRates)
        {
            var paced = plainPaced[rate] = await load.PacedAsync($"plain-paced-{rate}", Messages, rate, plain.SendAsync, plainCpu);
            Console.WriteLine($"  offered at {rate:0}/s: {Rate(paced)}, p50 {Seconds(paced.P50)}, p99 {Seconds(paced.P99)}");
        }
        for (var i = 0; i < Recoveries; i++) plainRecoveries.Add(await plain.KillBrowserAndRelaunchAsync(i));
    }

    // --- figures ---
    TimeSpan P(IEnumerable<(TimeSpan Elapsed, string Code)> qr, double p) => Percentiles.Of(qr.Select(q => q.Elapsed).ToList(), p);
    report.Add(Time("create → QR, one instance alone (first after start-up)", engineAlone, plainAlone, "–", null));
    report.Add(Time($"create → QR p50 ({Instances} at once)", P(engineQr, 50), P(plainQr, 50), "–", null));
    var qrRatio = P(engineQr, 95) / P(plainQr, 95);
    report.Add(Time($"create → QR p95 ({Instances} at once)", P(engineQr, 95), P(plainQr, 95), "ratio ≤ 1.1", qrRatio <= 1.1));

    var perInstance = (connected - idle).Per(Instances);
    var perPage = plainMemory.Per(Instances);
    var pssRatio = (double)perInstance.PssBytes / perPage.PssBytes;
    report.Add(new Figure("memory per connected instance, PSS", MiB(perInstance.PssBytes), MiB(perPage.PssBytes), pssRatio, "ratio ≤ 1.05", pssRatio <= 1.05));
    report.Add(new Figure("memory per connected instance, RSS", MiB(perInstance.RssBytes), MiB(perPage.RssBytes), (double)perInstance.RssBytes / perPage.RssBytes, "–", null));

    var burstRatio = engineBurst.PerSecond / plainBurst.PerSecond;
    report.Add(new Figure($"send throughput ({Messages} at once over {Instances})", Rate(engineBurst), Rate(plainBurst), burstRatio, "ratio ≥ 0.8", burstRatio >= 0.8));
    report.Add(new Figure($"send throughput, first {WarmUpMessages} after start-up (JIT compiling)", Rate(engineWarmUp), Rate(plainWarmUp), engineWarmUp.PerSecond / plainWarmUp.PerSecond, "–", null));
    var cpuRatio = engineBurst.CpuPerMessage / plainBurst.CpuPerMessage;
    report.Add(new Figure($"CPU per message sent ({Messages} at once)", Millis(engineBurst.CpuPerMessage), Millis(plainBurst.CpuPerMessage), cpuRatio, "ratio ≤ 1.3", cpuRatio <= 1.3));
    report.Add(Time($"API → phone p50 ({Messages} at once)", engineBurst.P50, plainBurst.P50, "–", null));
    report.Add(Time($"API → phone p99 ({Messages} at once)", engineBurst.P99, plainBurst.P99, "–", null));
    foreach (var rate in OfferedRates)
    {
        var limit = TimeSpan.FromSeconds(rate <= 60 ? 0.5 : 1);
        report.Add(Time($"API → phone p50 ({Messages} offered at {rate:0}/s)", enginePaced[rate].P50, plainPaced[rate].P50, "–", null));
        report.Add(Time($"API → phone p99 ({Messages} offered at {rate:0}/s)", enginePaced[rate].P99, plainPaced[rate].P99, $"≤ {limit.TotalSeconds:0.0#} s", enginePaced[rate].P99 <= limit));
    }

    var recoveryMedian = Percentiles.Of(engineRecoveries, 50);
    var recoveryMax = engineRecoveries.Max();
    report.Add(Time($"kill -9 browser → connected, median of {Recoveries}", recoveryMedian, Percentiles.Of(plainRecoveries, 50), "–", null));
    report.Add(Time($"kill -9 browser → connected, worst of {Recoveries}", recoveryMax, plainRecoveries.Max(), "≤ 3 s", recoveryMax <= TimeSpan.FromSeconds(3)));

    report.Note($"Memory: the app's process tree (dotnet and every Chromium process) with {Instances} instances connected, minus the app alone when idle before any instance started ({MiB(idle.PssBytes)} PSS, {MiB(idle.RssBytes)} RSS), divided by {Instances}. With them connected the tree held {MiB(connected.PssBytes)} PSS, {MiB(connected.RssBytes)} RSS. Baseline: the Chromium processes PuppeteerSharp launched for {Instances} linked plain pages, divided by {Instances}, measured after the app had ended.");
    report.Note($"Sent per figure: burst = every instance sends its share back to back, all at once; offered = one message every {string.Join(" or ", OfferedRates.Select(r => $"{1000 / r:0} ms"))} round-robin, whether earlier ones are done or not. Both follow {WarmUpMessages} unmeasured warm-up messages. Latency runs from the start of the POST (baseline: of the WPP.chat.sendTextMessage call) to the simulator's timestamp of the message in the recipient's history.");
    report.Note($"CPU per message: user and system time of the app's process tree (baseline: its Chromium processes; PuppeteerSharp's client runs in the benchmark and is not counted, as the same library's work inside the app is) during the burst, divided by the messages; the simulator and this benchmark are not counted. Of the app's share, its dotnet process (API, engine, database) spent {Millis(dotnetPerMessage)} a message. At {Millis(engineBurst.CpuPerMessage)} a message, the app alone would keep {machine.Cores} otherwise idle cores busy at {machine.Cores / engineBurst.CpuPerMessage.TotalSeconds:0} msg/s.");
    report.Note($"Recovery: SIGKILL to every process with the instance's --user-data-dir, then GET /api/v1/instances/{{id}} every 100 ms until it is connected again after having said otherwise. Engine:HealthCheckInterval = {Environment.GetEnvironmentVariable("Engine__HealthCheckInterval") ?? "engine default"}; ReconnectMinDelay = {Environment.GetEnvironmentVariable("Engine__ReconnectMinDelay") ?? "engine default"}. Baseline: relaunching Chromium on the killed profile until WPP.conn.isMainReady().");
    report.Note($"Chromium arguments (copied from the engine's browser process to the baseline): {string.Join(' ', plainArguments)}");
    report.Write(docs, clock.Elapsed);
    work.Delete(recursive: true);
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"The benchmark failed after {clock.Elapsed:mm\\:ss}: {e}");
    Console.Error.WriteLine($"Logs of the app and the simulator are kept in {work.FullName}.");
    return 1;
}
finally
{
    Console.WriteLine($"Load average at the end: {MachineFacts.LoadNow()}");
}

static Figure Time(string name, TimeSpan measured, TimeSpan baseline, string target, bool? met) =>
    new(name, Seconds(measured), Seconds(baseline), measured / baseline, target, met);

// "15m", "90s" or "1h".
static TimeSpan Duration(string text) => text[^1] switch
{
    's' => TimeSpan.FromSeconds(int.Parse(text[..^1], CultureInfo.InvariantCulture)),
    'm' => TimeSpan.FromMinutes(int.Parse(text[..^1], CultureInfo.InvariantCulture)),
    'h' => TimeSpan.FromHours(int.Parse(text[..^1], CultureInfo.InvariantCulture)),
    _ => throw new FormatException($"'{text}' is not a duration such as 15m, 90s or 1h."),
};
