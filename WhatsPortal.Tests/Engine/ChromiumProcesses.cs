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

    /// <summary><paramref name="pid"/> and every process below it (Chromium's helpers do not name the profile).</summary>
    public static IEnumerable<int> WithDescendants(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var child) || ParentOf(child) is not { } parent) continue;
            if (!children.TryGetValue(parent, out var list)) children[parent] = list = [];
            list.Add(child);
        }
        var found = new List<int> { pid };
        for (var i = 0; i < found.Count; i++)
            if (children.TryGetValue(found[i], out var below)) found.AddRange(below);
        return found;
    }

    /// <summary>The process's command line, or null once it is gone.</summary>
    public static string? CommandLine(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/cmdline");
            return text.Length == 0 ? null : text.Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int? ParentOf(int pid) => Cluster.ProcessGroup.StatFields(pid) is { } fields ? int.Parse(fields[1]) : null;
}
