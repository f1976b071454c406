using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace WhatsPortal.Engine.Driver;

/// <summary>
/// The Chromium is the system's (Debian's); nothing is ever downloaded. Debian's headless shell comes first: the
/// same Chromium without the desktop browser around it, it launches in a third of the time and needs less memory
/// (docs/benchmarks.md). The full browser is the fallback.
/// </summary>
public sealed partial class ChromiumLocator
{
    public const string EnvironmentVariable = "CHROMIUM_PATH";
    private static readonly string[] WellKnownPaths = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser"];

    private readonly Lazy<string> _path;
    private readonly Lazy<string> _userAgent;

    public ChromiumLocator(IOptions<EngineOptions> options)
    {
        _path = new(() => Find(options.Value.ChromiumPath));
        _userAgent = new(() => options.Value.UserAgent is { Length: > 0 } configured ? configured : DesktopChrome.UserAgent(ReadVersion(_path.Value)));
    }

    public string ExecutablePath => _path.Value;

    /// <summary>
    /// A desktop Chrome user agent matching the installed version: WhatsApp Web turns away "HeadlessChrome".
    /// </summary>
    public string UserAgent => _userAgent.Value;

    public static string Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new ChromiumNotFoundException($"Engine:ChromiumPath is '{configured}', but no file exists there. Install Chromium (apt-get install chromium-headless-shell) or fix Engine:ChromiumPath.");
        }
        var candidates = new[] { Environment.GetEnvironmentVariable(EnvironmentVariable) }.Concat(WellKnownPaths);
        return candidates.FirstOrDefault(p => !string.IsNullOrWhiteSpace(p) && File.Exists(p))
            ?? throw new ChromiumNotFoundException(
                $"Chromium was not found (looked at {EnvironmentVariable} and {string.Join(", ", WellKnownPaths)}). " +
                "Install it with `apt-get install chromium-headless-shell` (or `chromium`), or set Engine:ChromiumPath to its executable.");
    }

    private static string ReadVersion(string executable)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(executable, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit(10_000);
            var match = MajorVersion().Match(output);
            if (match.Success) return match.Groups[1].Value;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not runnable for --version: fall through to a recent version rather than fail the launch here.
        }
        return "140";
    }

    [GeneratedRegex(@"(\d+)\.\d+\.\d+")]
    private static partial Regex MajorVersion();
}

public sealed class ChromiumNotFoundException(string message) : Exception(message);
