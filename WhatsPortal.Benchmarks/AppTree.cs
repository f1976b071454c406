namespace WhatsPortal.Benchmarks;

/// <summary>The app's process tree at one moment, each process with its kind, CPU ticks so far and memory.</summary>
internal sealed class AppTree
{
    private readonly Dictionary<int, (ProcessKind Kind, long Ticks, MemoryUse Memory)> _processes;

    private AppTree(Dictionary<int, (ProcessKind, long, MemoryUse)> processes) => _processes = processes;

    public static AppTree Read(int app)
    {
        var pids = ProcessTree.Of(app);
        var ticks = ProcessTree.CpuTicks(pids);
        return new AppTree(ticks.ToDictionary(t => t.Key, t => (ProcessTree.KindOf(t.Key, app), t.Value, ProcessTree.Memory([t.Key]))));
    }

    public MemoryUse Memory => new(_processes.Values.Sum(p => p.Memory.PssBytes), _processes.Values.Sum(p => p.Memory.RssBytes));

    public MemoryUse MemoryOf(ProcessKind kind) =>
        new(Of(kind).Sum(p => p.Memory.PssBytes), Of(kind).Sum(p => p.Memory.RssBytes));

    public int CountOf(ProcessKind kind) => Of(kind).Count();

    /// <summary>
    /// The CPU each kind spent between <paramref name="before"/> and this reading, over the processes present at both
    /// (a process that started or ended in between is left out, and counted in <paramref name="changed"/>).
    /// </summary>
    public IReadOnlyDictionary<ProcessKind, TimeSpan> CpuSince(AppTree before, out int changed)
    {
        var spent = Enum.GetValues<ProcessKind>().ToDictionary(k => k, _ => 0L);
        foreach (var (pid, now) in _processes)
            if (before._processes.TryGetValue(pid, out var then)) spent[now.Kind] += now.Ticks - then.Ticks;
        changed = _processes.Keys.Except(before._processes.Keys).Count() + before._processes.Keys.Except(_processes.Keys).Count();
        return spent.ToDictionary(s => s.Key, s => ProcessTree.Ticks(s.Value));
    }

    private IEnumerable<(ProcessKind Kind, long Ticks, MemoryUse Memory)> Of(ProcessKind kind) => _processes.Values.Where(p => p.Kind == kind);
}
