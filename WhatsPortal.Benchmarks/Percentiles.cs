namespace WhatsPortal.Benchmarks;

/// <summary>Nearest-rank percentiles of durations.</summary>
internal static class Percentiles
{
    public static TimeSpan Of(IReadOnlyCollection<TimeSpan> samples, double percentile)
    {
        if (samples.Count == 0) throw new ArgumentException("No samples.", nameof(samples));
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
