using System.Diagnostics;
using WhatsPortal.Tests.Engine;

namespace WhatsPortal.Tests.Cluster;

/// <summary>
/// A process group seen through /proc and signalled with <c>kill</c>: a node and everything it started (its Chromium
/// too, even once reparented), which is what dies, stops or resumes together when the machine does.
/// </summary>
internal static class ProcessGroup
{
    /// <summary>A live member of a group: its state letter (R, S, T for stopped…) and command line.</summary>
    public sealed record Member(int Pid, char State, string CommandLine)
    {
        public override string ToString() => $"{Pid} [{State}] {(CommandLine.Length > 160 ? CommandLine[..160] + "…" : CommandLine)}";
    }

    /// <summary>The group <paramref name="pid"/> belongs to, or null once it is gone.</summary>
    public static int? Of(int pid) => StatFields(pid) is { } fields ? int.Parse(fields[2]) : null;

    /// <summary>The processes of group <paramref name="group"/> that still run or are stopped; zombies (already dead, not yet reaped) are not counted.</summary>
    public static IReadOnlyList<Member> Members(int group)
    {
        var members = new List<Member>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || StatFields(pid) is not { } fields) continue;
            if (int.Parse(fields[2]) != group || fields[0] is "Z" or "X") continue;
            members.Add(new Member(pid, fields[0][0], ChromiumProcesses.CommandLine(pid) ?? ""));
        }
        return members;
    }

    /// <summary>Sends SIG<paramref name="signal"/> (KILL, STOP, CONT, TERM) to every process of group <paramref name="group"/>, if any is left.</summary>
    public static async Task SignalAsync(int group, string signal)
    {
        if (Members(group).Count == 0) return;
        using var kill = Process.Start("kill", [$"-{signal}", "--", $"-{group}"])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>
    /// The fields of /proc/&lt;pid&gt;/stat after the command name: [0] state, [1] parent, [2] process group…; null once
    /// the process is gone. The name may hold spaces and parentheses, so the fields are read after the last ')'.
    /// </summary>
    public static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
