using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace WhatsPortal.Engine.Driver;

/// <summary>
/// Chromium left behind by an earlier run of the app: browsers still on one of our profiles (found by their
/// <c>--user-data-dir</c> in /proc), and a profile's <c>SingletonLock</c> whose owner died. Either would keep the
/// instance's session from starting again. At start-up, before any instance launches, every browser on a profile
/// of this data directory is ended: this app owns them all.
/// </summary>
internal sealed class ChromiumLeftovers(EnginePaths paths, ILogger<ChromiumLeftovers> logger) : IHostedService
{
    private const string UserDataDirFlag = "--user-data-dir=";

    Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        EndBrowsersUsing(paths.ProfilesDirectory, logger);
        return Task.CompletedTask;
    }

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Ends (SIGKILL, with their children) the processes whose profile is <paramref name="directory"/> or inside it.</summary>
    /// <remarks>
    /// Another kill may run at the same moment (a node declared dead ends all its browsers while each session that lost
    /// its lease ends its own), so a process tree can lose members while it is being killed. That fails one tree's kill
    /// (AggregateException), never the others', and what is left is looked for again, a few times.
    /// </remarks>
    public static void EndBrowsersUsing(string directory, ILogger logger)
    {
        var ended = new HashSet<int>();
        for (var look = 0; look < EndAttempts; look++)
        {
            // A process just sent SIGKILL still shows in /proc for a moment.
            if (look > 0) Thread.Sleep(KillSettles);
            var left = ProcessesWithProfileIn(directory);
            if (left.Count == 0) return;
            foreach (var (pid, profile) in left)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill(entireProcessTree: true);
                    if (ended.Add(pid)) logger.LogWarning("Ended Chromium process {Pid} left running on profile {Profile}", pid, profile);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or AggregateException or System.ComponentModel.Win32Exception)
                {
                    // Ended on its own or by another kill meanwhile, or one of its children was: the next look finds what is left.
                }
            }
        }
    }

    private const int EndAttempts = 3;
    private static readonly TimeSpan KillSettles = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Chromium's lock is a symlink to "host-pid". It is removed only when that host is this one and that process is
    /// gone, or is no longer a Chromium on this profile (its pid was reused). A lock from another host is left: its
    /// owner cannot be checked from here, and Chromium itself refuses such a profile with a clear message.
    /// </summary>
    public static bool ClearStaleSingletonLock(string profile, ILogger logger)
    {
        var lockPath = Path.Combine(profile, "SingletonLock");
        if (new FileInfo(lockPath).LinkTarget is not { } owner) return false;
        var dash = owner.LastIndexOf('-');
        if (dash <= 0 || !int.TryParse(owner.AsSpan(dash + 1), out var pid) || owner[..dash] != Dns.GetHostName()) return false;
        if (ProfileOf(pid) is { } used && SameDirectory(used, profile)) return false;

        foreach (var name in new[] { "SingletonLock", "SingletonSocket", "SingletonCookie" })
            File.Delete(Path.Combine(profile, name));
        logger.LogWarning("Cleared the lock of profile {Profile}: its owner, process {Pid}, is gone", profile, pid);
        return true;
    }

    /// <summary>Processes whose <c>--user-data-dir</c> is <paramref name="directory"/> or a directory inside it.</summary>
    public static List<(int Pid, string Profile)> ProcessesWithProfileIn(string directory)
    {
        var found = new List<(int, string)>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId) continue;
            if (ProfileOf(pid) is { } profile && (SameDirectory(profile, directory) || IsInside(profile, directory))) found.Add((pid, profile));
        }
        return found;
    }

    /// <summary>The <c>--user-data-dir</c> of a running process, or null.</summary>
    private static string? ProfileOf(int pid)
    {
        string[] arguments;
        try
        {
            arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var flag = arguments.FirstOrDefault(a => a.StartsWith(UserDataDirFlag, StringComparison.Ordinal));
        return flag is null ? null : Path.GetFullPath(flag[UserDataDirFlag.Length..]);
    }

    private static bool SameDirectory(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    private static bool IsInside(string path, string directory) =>
        Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
