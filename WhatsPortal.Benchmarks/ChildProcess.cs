using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WhatsPortal.Benchmarks;

/// <summary>
/// A .NET app of this repository run as its own process on a free loopback port, its output kept in a log file
/// (read on failure). Stopping sends SIGTERM so the app shuts down as in production, then ends what is left of its tree.
/// Started in a process group of its own (a cluster node), it can be killed with everything it started, as a machine dies.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ChildProcess(Process process, StreamWriter log, int port, string logPath)
    {
        _process = process;
        _log = log;
        Port = port;
        LogPath = logPath;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }
    public int Pid => _process.Id;
    public string LogPath { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public static ChildProcess Start(string assemblyPath, IDictionary<string, string> environment, string logPath, bool ownProcessGroup = false)
    {
        var port = FreePort();
        // setsid execs dotnet in place (this process's child leads no group, so it need not fork): the pid stays the app's.
        var start = new ProcessStartInfo(ownProcessGroup ? "setsid" : "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (ownProcessGroup) start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(assemblyPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assemblyPath}.");
        return new ChildProcess(process, new StreamWriter(logPath) { AutoFlush = true }, port, logPath);
    }

    /// <summary>Waits until <paramref name="path"/> answers 200, failing early when the process exits.</summary>
    public async Task WaitReadyAsync(string path, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The process exited with {_process.ExitCode}; see {LogPath}.");
            try
            {
                using var response = await http.GetAsync(path);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer within the request timeout.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{BaseAddress}{path} did not answer within {timeout}; see {LogPath}.");
    }

    /// <summary>SIGKILL to the process group this process leads (started with <c>ownProcessGroup</c>): it and its Chromium die at once.</summary>
    public async Task KillGroupAsync()
    {
        using (var kill = Process.Start("kill", ["-KILL", "--", $"-{_process.Id}"])!) await kill.WaitForExitAsync();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // Remembered with their command lines, so a process id reused after its owner ended is never killed.
        var tree = ProcessTree.Of(_process.Id).Select(pid => (pid, args: ProcessTree.CommandLine(pid))).ToList();
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                // Did not shut down in time: ended below with everything it started.
            }
        }
        foreach (var (pid, args) in tree)
        {
            if (args is null || ProcessTree.CommandLine(pid) is not { } now || !now.SequenceEqual(args)) continue;
            try
            {
                using var left = Process.GetProcessById(pid);
                left.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_log) _log.WriteLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
