using WhatsPortal.Tests.EndToEnd;

namespace WhatsPortal.Tests.Cluster;

/// <summary>
/// One node of a test cluster: WhatsPortal.Web in a process group of its own (its Chromium included), on its own data
/// directory, with the address and silo ports it keeps when started again. Failures name its log.
/// </summary>
internal sealed class NodeProcess(string name, IReadOnlyDictionary<string, string> environment, string dataDirectory, string logPath, int port) : IAsyncDisposable
{
    private AppProcess? _app;

    public string Name { get; } = name;
    public string LogPath { get; } = logPath;
    public string DataDirectory { get; } = dataDirectory;
    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{port}/");

    /// <summary>Started and not exited (a suspended node is running).</summary>
    public bool IsRunning => _app is { HasExited: false };

    /// <summary>The process group of the node's current (or last) run: its leader's pid.</summary>
    public int Group => _app?.Pid ?? throw new InvalidOperationException($"{this} was never started.");

    public async Task StartAsync()
    {
        if (IsRunning) throw new InvalidOperationException($"{this} is already running.");
        if (_app is not null) await _app.DisposeAsync();
        _app = null;
        _app = await AppProcess.StartAsync(new Dictionary<string, string>(environment), LogPath, ownProcessGroup: true, port: BaseAddress.Port);
    }

    /// <summary>kill -9 of the whole group: the machine died, its Chromium with it.</summary>
    public Task KillAsync() => Running.KillGroupAsync();

    /// <summary>SIGSTOP to the group: the node and its Chromium freeze, sockets open, as a paused VM or a long GC pause.</summary>
    public Task SuspendAsync() => ProcessGroup.SignalAsync(Running.Pid, "STOP");

    public Task ResumeAsync() => ProcessGroup.SignalAsync(Running.Pid, "CONT");

    /// <summary>SIGTERM, as a service manager stops it, and waits until the node has exited; false when it did not within 60 s and was killed.</summary>
    public Task<bool> StopAsync() => Running.StopAsync();

    /// <summary>What is left of the node's current (or last) group, zombies aside.</summary>
    public IReadOnlyList<ProcessGroup.Member> Processes() => _app is null ? [] : ProcessGroup.Members(_app.Pid);

    /// <summary>The Chromium processes of this node's group that run <paramref name="instance"/>'s profile.</summary>
    public IReadOnlyList<ProcessGroup.Member> ChromiumOf(Guid instance) => Processes().Where(p => RunsProfileOf(p, instance)).ToList();

    /// <summary>A browser started with a profile named after the instance (<c>--user-data-dir=…/&lt;id&gt;</c>).</summary>
    public static bool RunsProfileOf(ProcessGroup.Member process, Guid instance) =>
        process.CommandLine.Contains("--user-data-dir=", StringComparison.Ordinal) && process.CommandLine.Contains(instance.ToString("N"), StringComparison.Ordinal);

    public override string ToString() => $"{Name} (log: {LogPath})";

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        // A suspended group would ignore SIGTERM until resumed.
        if (!_app.HasExited) await ResumeAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    private AppProcess Running => IsRunning ? _app! : throw new InvalidOperationException($"{this} is not running.");
}
