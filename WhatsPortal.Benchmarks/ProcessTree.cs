namespace WhatsPortal.Benchmarks;

/// <summary>Processes seen through /proc: a process with all its descendants, their memory, and Chromium profiles.</summary>
internal static class ProcessTree
{
    /// <summary><paramref name="root"/> and every process below it.</summary>
    public static IReadOnlyList<int> Of(int root)
    {
        var children = AllProcesses().ToLookup(ParentOf);
        var tree = new List<int>();
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            tree.Add(pid);
            foreach (var child in children[pid]) pending.Push(child);
        }
        return tree;
    }

    /// <summary>
    /// Proportional and resident set size summed over <paramref name="pids"/>. PSS splits each shared page among
    /// the processes mapping it, so the sum over a tree does not count Chromium's shared code once per process.
    /// </summary>
    public static MemoryUse Memory(IEnumerable<int> pids)
    {
        long pss = 0, rss = 0;
        foreach (var pid in pids)
        {
            var rollup = Read($"/proc/{pid}/smaps_rollup");
            if (rollup is null) continue;
            pss += Kilobytes(rollup, "Pss:");
            rss += Kilobytes(rollup, "Rss:");
        }
        return new MemoryUse(pss * 1024, rss * 1024);
    }

    /// <summary>
    /// CPU time (user and system) spent so far by <paramref name="pids"/>. Differences between two readings over the same
    /// processes tell what a piece of work cost, however many other processes shared the machine meanwhile.
    /// </summary>
    public static TimeSpan CpuTime(IEnumerable<int> pids) => Ticks(CpuTicks(pids).Values.Sum());

    /// <summary>CPU ticks (user and system, 1/100 s) spent so far by each of <paramref name="pids"/> still running.</summary>
    public static Dictionary<int, long> CpuTicks(IEnumerable<int> pids)
    {
        var ticks = new Dictionary<int, long>();
        foreach (var pid in pids)
            if (StatFields(pid) is { } fields) ticks[pid] = long.Parse(fields[11]) + long.Parse(fields[12]);
        return ticks;
    }

    public static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);

    /// <summary>What a process of an app's tree is, from its command line; <paramref name="app"/> is the app's own (dotnet) process.</summary>
    public static ProcessKind KindOf(int pid, int app)
    {
        if (pid == app) return ProcessKind.Dotnet;
        // Chromium rewrites its helpers' command lines into one string, so the switches are looked for as text.
        var line = Read($"/proc/{pid}/cmdline")?.Replace('\0', ' ') ?? "";
        if (line.Contains(" --type=renderer", StringComparison.Ordinal)) return ProcessKind.Renderer;
        // Debian starts Chromium through a shell script that waits for it, PuppeteerSharp through bash: launchers, not browsers.
        if (line.Contains(" --type=", StringComparison.Ordinal) || IsShell(pid)) return ProcessKind.ChromiumHelper;
        if (line.Contains(" --user-data-dir=", StringComparison.Ordinal)) return ProcessKind.Browser;
        return ProcessKind.Driver;
    }

    /// <summary>A script's process is named after the script; what it runs is the shell.</summary>
    private static bool IsShell(int pid)
    {
        try
        {
            return File.ResolveLinkTarget($"/proc/{pid}/exe", returnFinalTarget: true)?.Name is "sh" or "dash" or "bash";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Processes started with <c>--user-data-dir=<paramref name="profile"/></c>: one instance's Chromium.</summary>
    public static IReadOnlyList<int> WithProfile(string profile) =>
        AllProcesses().Where(pid => CommandLine(pid) is { } args && args.Contains($"--user-data-dir={profile}")).ToList();

    /// <summary>The arguments a process was started with (argv[1..]), or null when it is gone.</summary>
    public static string[]? CommandLine(int pid) =>
        Read($"/proc/{pid}/cmdline") is { Length: > 0 } raw ? raw.TrimEnd('\0').Split('\0')[1..] : null;

    private static IEnumerable<int> AllProcesses() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Select(n => int.TryParse(n, out var pid) ? pid : 0).Where(pid => pid > 0);

    // USER_HZ, the unit of /proc/<pid>/stat times: 100 on every Linux architecture .NET runs on.
    private const int ClockTicksPerSecond = 100;

    private static int ParentOf(int pid) => StatFields(pid) is { } fields ? int.Parse(fields[1]) : 0;

    /// <summary>The fields of /proc/&lt;pid&gt;/stat from the third (state) on.</summary>
    private static string[]? StatFields(int pid)
    {
        // The command name in field 2 may hold spaces and parentheses; the fields after its closing ')' do not.
        var stat = Read($"/proc/{pid}/stat");
        return stat is null ? null : stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static long Kilobytes(string rollup, string field)
    {
        var line = rollup.Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0]);
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended while we looked.
            return null;
        }
    }
}

internal readonly record struct MemoryUse(long PssBytes, long RssBytes)
{
    public static MemoryUse operator -(MemoryUse a, MemoryUse b) => new(a.PssBytes - b.PssBytes, a.RssBytes - b.RssBytes);
    public MemoryUse Per(int count) => new(PssBytes / count, RssBytes / count);
}

/// <summary>The kinds of process an app's tree holds.</summary>
internal enum ProcessKind
{
    /// <summary>The app itself: API, engine, database.</summary>
    Dotnet,
    /// <summary>Anything else the app started that is not Chromium: Playwright's node driver.</summary>
    Driver,
    /// <summary>A Chromium browser process (one per instance).</summary>
    Browser,
    /// <summary>A page's renderer.</summary>
    Renderer,
    /// <summary>Chromium's zygotes, GPU and utility (network, storage) processes, and the shell script that launches it.</summary>
    ChromiumHelper,
}
