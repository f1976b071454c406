using System.Globalization;

namespace WhatsPortal.Benchmarks;

/// <summary>How figures are printed in the results.</summary>
internal static class Format
{
    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(t < TimeSpan.FromSeconds(1) ? "0.000 s" : "0.00 s", CultureInfo.InvariantCulture);

    public static string Millis(TimeSpan t) => t.TotalMilliseconds.ToString("0.0 'ms'", CultureInfo.InvariantCulture);

    public static string MiB(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0 MiB", CultureInfo.InvariantCulture);

    public static string Rate(SendResult result) => Rate(result.PerSecond);

    public static string Rate(double perSecond) => perSecond.ToString("0.0 msg/s", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => fraction.ToString("0.0 %", CultureInfo.InvariantCulture);
}
