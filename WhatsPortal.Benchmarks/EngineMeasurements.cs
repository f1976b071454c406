using System.Diagnostics;

namespace WhatsPortal.Benchmarks;

/// <summary>The measurements taken through the running app's REST API, its engine driving the simulator.</summary>
internal sealed class EngineMeasurements(ChildProcess app, PortalApi api, SandboxApi sandbox, string dataDirectory)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly List<PortalApi.Instance> _instances = [];

    public IReadOnlyList<PortalApi.Instance> Instances => _instances;

    /// <summary>One instance alone from the create call to a 200 from GET /qr; stopped again afterwards.</summary>
    public async Task<TimeSpan> AloneToQrAsync()
    {
        var clock = Stopwatch.StartNew();
        var instance = await api.CreateAsync("bench-alone");
        await api.StartAsync(instance.Id);
        await Until(() => api.QrAsync(instance.Id), TimeSpan.FromSeconds(90), "the lone instance shows a QR");
        var elapsed = clock.Elapsed;
        await api.StopAsync(instance.Id);
        return elapsed;
    }

    /// <summary>Creates and starts <paramref name="count"/> instances at once; each one's time from the create call to a 200 from GET /qr.</summary>
    public async Task<IReadOnlyList<(TimeSpan Elapsed, string Code)>> CreateToQrAsync(int count)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var clock = Stopwatch.StartNew();
            var instance = await api.CreateAsync($"bench-{i:00}");
            await api.StartAsync(instance.Id);
            var code = await Until(() => api.QrAsync(instance.Id), TimeSpan.FromSeconds(90), $"instance {i} shows a QR");
            return (instance, elapsed: clock.Elapsed, code);
        }));
        _instances.AddRange(results.Select(r => r.instance));
        return results.Select(r => (r.elapsed, r.code)).ToList();
    }

    /// <summary>Links each instance to its own sandbox phone with the QR it shows, and waits until all are connected.</summary>
    public async Task LinkAsync(IReadOnlyList<string> codes, IReadOnlyList<string> phones)
    {
        for (var i = 0; i < _instances.Count; i++)
        {
            await sandbox.CreatePhoneAsync(phones[i], $"Instance {i}");
            await sandbox.LinkAsync(phones[i], codes[i]);
        }
        await Task.WhenAll(_instances.Select(i => WaitStatusAsync(i.Id, "connected", TimeSpan.FromSeconds(120))));
    }

    /// <summary>
    /// Creates and starts one instance, links it to a new sandbox phone <paramref name="phone"/> with the QR it shows, and
    /// waits until it is connected. Patient, as many of these run while many Chromiums start on few cores.
    /// </summary>
    public async Task LinkOneAsync(string name, string phone)
    {
        var instance = await api.CreateAsync(name);
        lock (_instances) _instances.Add(instance);
        await api.StartAsync(instance.Id);
        var code = await Until(() => api.QrAsync(instance.Id), TimeSpan.FromSeconds(300), $"{name} shows a QR");
        await sandbox.CreatePhoneAsync(phone, name);
        await sandbox.LinkAsync(phone, code);
        await WaitStatusAsync(instance.Id, "connected", TimeSpan.FromSeconds(300));
    }

    /// <summary>The app and everything it started (every Chromium process, and Playwright's driver where the engine uses it).</summary>
    public MemoryUse Memory() => ProcessTree.Memory(ProcessTree.Of(app.Pid));

    public TimeSpan CpuTime() => ProcessTree.CpuTime(ProcessTree.Of(app.Pid));

    /// <summary>The arguments the engine launched an instance's Chromium with (the browser process, not its children).</summary>
    public string[] ChromiumArguments()
    {
        var profile = ProfileOf(_instances[0].Id);
        foreach (var pid in ProcessTree.WithProfile(profile))
            if (ProcessTree.KindOf(pid, app.Pid) == ProcessKind.Browser && ProcessTree.CommandLine(pid) is { } args) return args;
        throw new InvalidOperationException($"No Chromium browser process runs with the profile {profile}.");
    }

    public Task SendAsync(int instance, string to, string text) => api.SendAsync(_instances[instance].Id, to, text);

    /// <summary>Kills the Chromium of one instance and times until the API says connected again (after having said otherwise).</summary>
    public async Task<TimeSpan> KillBrowserAndRecoverAsync(int instance)
    {
        var id = _instances[instance].Id;
        if (ChromiumKiller.Kill(ProfileOf(id)) == 0) throw new InvalidOperationException($"Instance {instance} has no Chromium to kill.");
        var clock = Stopwatch.StartNew();
        var sawDown = false;
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            var status = (await api.GetAsync(id)).Status;
            if (status != "connected") sawDown = true;
            else if (sawDown) return clock.Elapsed;
            await Task.Delay(Poll);
        }
        throw new TimeoutException($"Instance {instance} was not connected again within 120 s of its browser being killed (noticed: {sawDown}).");
    }

    public async Task StopAllAsync()
    {
        foreach (var instance in _instances) await api.StopAsync(instance.Id);
    }

    private string ProfileOf(Guid id) => Path.Combine(dataDirectory, "profiles", id.ToString("N"));

    private async Task WaitStatusAsync(Guid id, string status, TimeSpan timeout) =>
        await Until(async () => (await api.GetAsync(id)).Status == status ? status : null, timeout, $"instance {id} is {status}");

    private static async Task<T> Until<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await probe() is { } value) return value;
            await Task.Delay(Poll);
        }
        throw new TimeoutException($"Gave up waiting {timeout} until {what}.");
    }
}
