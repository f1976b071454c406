namespace WhatsPortal.Benchmarks;

/// <summary>
/// Results written into docs/benchmarks.md between markers, leaving the hand-written text around them as it is. Each
/// mode of the benchmark has its own markers, so a soak or scale run leaves the standard run's results in place.
/// </summary>
internal static class GeneratedSection
{
    /// <param name="section">The text to write, starting with <paramref name="begin"/> and ending with <paramref name="end"/>.</param>
    public static void Write(string path, string begin, string end, string section)
    {
        Console.WriteLine();
        Console.WriteLine(section);
        var existing = File.Exists(path) ? File.ReadAllText(path) : "";
        var at = existing.IndexOf(begin, StringComparison.Ordinal);
        var until = existing.IndexOf(end, StringComparison.Ordinal);
        var updated = at >= 0 && until > at
            ? existing[..at] + section + existing[(until + end.Length)..].TrimStart('\r', '\n').Insert(0, Environment.NewLine)
            : existing + (existing.Length > 0 ? Environment.NewLine : "") + section;
        File.WriteAllText(path, updated);
        Console.WriteLine($"Written to {path}");
    }
}
