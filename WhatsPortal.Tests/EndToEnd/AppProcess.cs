using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using WhatsPortal.Tests.Cluster;
using WhatsPortal.Tests.Engine;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>
/// A built app of this repository (WhatsPortal.Web unless told otherwise) run as its own process, as an operator runs
/// it, so it can be killed like one. Its output goes to a log file named in every failure. Started with
/// <c>ownProcessGroup</c>, it leads a process group of its own (through <c>setsid</c>) that holds everything it starts,
/// Chromium included, so a signal to the group reaches the whole "machine".
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppProcess(Process process, StreamWriter log, Uri baseAddress, string logPath, bool ownProcessGroup)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        LogPath = logPath;
        OwnProcessGroup = ownProcessGroup;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }
    public string LogPath { get; }
    public int Pid => _process.Id;
    public bool OwnProcessGroup { get; }
    public bool HasExited => _process.HasExited;

    /// <summary>The settings of an app on its own SQLite data directory, its engine on the test Chromium and the simulator at <paramref name="whatsAppWebUrl"/>.</summary>
    public static Dictionary<string, string> Environment(string dataDirectory, string operatorKey, string whatsAppWebUrl) => new()
    {
        ["Storage__DataDirectory"] = dataDirectory,
        ["Database__Provider"] = "Sqlite",
        ["Admin__ApiKey"] = operatorKey,
        ["Admin__Password"] = $"Test-{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}-aA1",
        ["Sandbox__Enabled"] = "false",
        ["Engine__ChromiumPath"] = TestChromium.ExecutablePath,
        ["Engine__WhatsAppWebUrl"] = whatsAppWebUrl,
        ["Engine__HealthCheckInterval"] = "00:00:01",
        ["Engine__PageReadyTimeout"] = "00:01:30",
    };

    /// <param name="project">The app to run: WhatsPortal.Web, or WhatsPortal.Simulator standalone.</param>
    /// <param name="arguments">Command-line arguments after <c>--urls</c>, e.g. the simulator's <c>--data</c>.</param>
    /// <param name="readyPath">What answers 200 once the app is ready.</param>
    /// <param name="port">The port to listen on (a node started again keeps its address); a free one when null.</param>
    public static async Task<AppProcess> StartAsync(IDictionary<string, string> environment, string logPath, string project = "WhatsPortal.Web",
        IEnumerable<string>? arguments = null, string readyPath = "health", bool ownProcessGroup = false, int? port = null)
    {
        // The app's own build output, in the configuration these tests were built in (their project reference builds it).
        var configuration = Path.GetRelativePath(Path.Combine(Repository.Root, "WhatsPortal.Tests"), AppContext.BaseDirectory);
        var assembly = Path.Combine(Repository.Root, project, configuration, project + ".dll");
        Assert.True(File.Exists(assembly), $"{project} is not built at {assembly}.");
        var baseAddress = new Uri($"http://127.0.0.1:{port ?? FreePort()}/");
        // setsid execs the app in place (this process's child is no group leader, so it need not fork): the pid is the app's.
        var start = new ProcessStartInfo(ownProcessGroup ? "setsid" : "dotnet") { WorkingDirectory = Path.GetDirectoryName(assembly)!, RedirectStandardOutput = true, RedirectStandardError = true };
        if (ownProcessGroup) start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        foreach (var argument in arguments ?? []) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var app = new AppProcess(Process.Start(start)!, new StreamWriter(logPath, append: true) { AutoFlush = true }, baseAddress, logPath, ownProcessGroup);

        try
        {
            if (ownProcessGroup)
                await Eventually.TrueAsync(() => Task.FromResult(ProcessGroup.Of(app.Pid) == app.Pid || app._process.HasExited),
                    $"{project} (pid {app.Pid}) to lead its own process group (log: {logPath})");
            await WaitReadyAsync(app, logPath, readyPath);
        }
        catch
        {
            // A test that fails here must not leave the app running.
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    private static async Task WaitReadyAsync(AppProcess app, string logPath, string readyPath)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.TrueAsync(async () =>
        {
            Assert.False(app._process.HasExited, $"The app exited with {(app._process.HasExited ? app._process.ExitCode : 0)}; see {logPath}.");
            try
            {
                using var response = await http.GetAsync(readyPath);
                return response.IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer.
                return false;
            }
        }, $"the app to answer /{readyPath} (log: {logPath})", TimeSpan.FromSeconds(120));
    }

    /// <summary>SIGKILL, as the OOM killer or a crash would: the app gets no chance to close anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGKILL to the whole process group, as a machine dies: the app and its Chromium get no chance to close anything.</summary>
    public async Task KillGroupAsync()
    {
        Assert.True(OwnProcessGroup, "Only an app started in its own process group can be killed with its group.");
        await ProcessGroup.SignalAsync(Pid, "KILL");
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// SIGTERM, as a service manager stops it, then waits for it to exit: true when it did within 60 s (or had
    /// already exited), false when it had to be killed.
    /// </summary>
    public async Task<bool> StopAsync()
    {
        if (_process.HasExited) return true;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])!) await term.WaitForExitAsync();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
            return false;
        }
    }

    /// <summary>
    /// Ends the app as its service manager would (SIGTERM), so it shuts down gracefully; in its own group, whatever of
    /// the group is left after it exited (an orphaned Chromium) is killed, so a test leaves nothing running.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (OwnProcessGroup) await ProcessGroup.SignalAsync(Pid, "KILL");
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The last lines of a process already let go of.
            }
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
