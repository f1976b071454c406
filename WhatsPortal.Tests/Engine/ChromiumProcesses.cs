using System.Diagnostics;

namespace WhatsPortal.Tests.Engine;

/// <summary>Finds the Chromium processes of one profile through /proc, to kill them as a crash would.</summary>
internal static class ChromiumProcesses
{
    public static int Kill(string profileDirectory)
    {
        var killed = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (!commandLine.Contains($"--user-data-dir={profileDirectory}", StringComparison.Ordinal)) continue;
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
}
