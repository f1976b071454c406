using System.Diagnostics;

namespace WhatsPortal.Benchmarks;

/// <summary>Ends a profile's Chromium with SIGKILL, as a crash or the OOM killer would.</summary>
internal static class ChromiumKiller
{
    public static int Kill(string profile)
    {
        var pids = ProcessTree.WithProfile(profile);
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Ended with its parent already.
            }
        }
        return pids.Count;
    }
}
