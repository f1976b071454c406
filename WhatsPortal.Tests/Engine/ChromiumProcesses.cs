using System.Diagnostics;

namespace WhatsPortal.Tests.Engine;

/// <summary>Finds the Chromium processes of one profile through /proc, to kill them as a crash would.</summary>
internal static class ChromiumProcesses
{
    /// <summary>Kills them as a crash (or the OOM killer) would; returns how many there were.</summary>
    public static int Kill(string profileDirectory)
    {
        var killed = 0;
        foreach (var pid in Of(profileDirectory))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                killed++;
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
        return killed;
    }

    public static List<int> Of(string profileDirectory)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (commandLine.Contains($"--user-data-dir={profileDirectory}", StringComparison.Ordinal)) pids.Add(pid);
        }
        return pids;
    }
}
