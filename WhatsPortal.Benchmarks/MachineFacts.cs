using System.Diagnostics;

namespace WhatsPortal.Benchmarks;

/// <summary>What the figures were measured on; the load average shows how much others shared the machine.</summary>
internal sealed record MachineFacts(int Cores, long MemoryBytes, string Chromium, string Runtime, string LoadAverage)
{
    public static MachineFacts Read(string chromium) => new(
        Environment.ProcessorCount,
        long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024,
        ChromiumVersion(chromium),
        $".NET {Environment.Version}",
        LoadNow());

    public static string LoadNow() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string ChromiumVersion(string chromium)
    {
        using var process = Process.Start(new ProcessStartInfo(chromium, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit(10_000);
        // The headless shell and the full browser print the same version; the figures differ a lot between them.
        return $"{version} ({Path.GetFileName(chromium)})";
    }
}
