using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using WhatsPortal.Tests.Engine;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>
/// The built WhatsPortal.Web run as its own process, as an operator runs it, so it can be killed like one.
/// Its output goes to a log file named in every failure.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppProcess(Process process, StreamWriter log, Uri baseAddress, string logPath)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        LogPath = logPath;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }
    public string LogPath { get; }
    public int Pid => _process.Id;

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

    public static async Task<AppProcess> StartAsync(IDictionary<string, string> environment, string logPath)
    {
        // The app's own build output, in the configuration these tests were built in (their project reference builds it).
        var configuration = Path.GetRelativePath(Path.Combine(Repository.Root, "WhatsPortal.Tests"), AppContext.BaseDirectory);
        var assembly = Path.Combine(Repository.Root, "WhatsPortal.Web", configuration, "WhatsPortal.Web.dll");
        Assert.True(File.Exists(assembly), $"WhatsPortal.Web is not built at {assembly}.");
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(assembly)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var app = new AppProcess(Process.Start(start)!, new StreamWriter(logPath, append: true) { AutoFlush = true }, baseAddress, logPath);

        try
        {
            await WaitReadyAsync(app, logPath);
        }
        catch
        {
            // A test that fails here must not leave the app running.
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    private static async Task WaitReadyAsync(AppProcess app, string logPath)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.TrueAsync(async () =>
        {
            Assert.False(app._process.HasExited, $"The app exited with {(app._process.HasExited ? app._process.ExitCode : 0)}; see {logPath}.");
            try
            {
                using var response = await http.GetAsync("health");
                return response.IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer.
                return false;
            }
        }, $"the app to answer /health (log: {logPath})", TimeSpan.FromSeconds(120));
    }

    /// <summary>SIGKILL, as the OOM killer or a crash would: the app gets no chance to close anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Ends the app as its service manager would (SIGTERM), so it shuts down gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
